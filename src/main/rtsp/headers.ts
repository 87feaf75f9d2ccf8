// Parsers for the RTSP header values the client reads: Session, Transport, RTP-Info, Public.
// Lenient where cameras are known to be sloppy (parameter order, trailing `;`, spaces).

export interface SessionHeader {
  id: string;
  /** Seconds; 60 when the server does not say (RFC 2326 default). */
  timeout: number;
  /** Whether the server gave a timeout. */
  timeoutGiven: boolean;
}

export function parseSessionHeader(value: string): SessionHeader | undefined {
  const parts = value.split(';');
  const id = parts[0]!.trim();
  if (id === '' || /\s/.test(id)) return undefined;
  let timeout = 60;
  let timeoutGiven = false;
  for (const p of parts.slice(1)) {
    const m = /^\s*timeout\s*=\s*(\d+)\s*$/i.exec(p);
    if (m) {
      const t = Number(m[1]);
      if (t > 0) {
        timeout = t;
        timeoutGiven = true;
      }
    }
  }
  return { id, timeout, timeoutGiven };
}

export interface TransportHeader {
  /** RTP/AVP, RTP/AVP/TCP, RTP/AVP/UDP ... upper-cased. */
  protocol: string;
  unicast: boolean;
  interleaved?: [number, number];
  clientPort?: [number, number];
  serverPort?: [number, number];
  source?: string;
  ssrc?: number;
  mode?: string;
}

function pair(v: string): [number, number] | undefined {
  const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(v);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] !== undefined ? Number(m[2]) : a + 1;
  return [a, b];
}

/** Parses the first transport spec of a Transport header (a server answers with one). */
export function parseTransportHeader(value: string): TransportHeader | undefined {
  const spec = value.split(',')[0]!;
  const parts = spec
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const protocol = parts[0];
  if (protocol === undefined || !/^RTP\/AVP/i.test(protocol)) return undefined;
  const t: TransportHeader = { protocol: protocol.toUpperCase(), unicast: true };
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const val = eq < 0 ? '' : p.slice(eq + 1).trim();
    switch (key) {
      case 'unicast':
        t.unicast = true;
        break;
      case 'multicast':
        t.unicast = false;
        break;
      case 'interleaved': {
        const pr = pair(val);
        if (pr) t.interleaved = pr;
        break;
      }
      case 'client_port': {
        const pr = pair(val);
        if (pr) t.clientPort = pr;
        break;
      }
      case 'server_port': {
        const pr = pair(val);
        if (pr) t.serverPort = pr;
        break;
      }
      case 'source':
        t.source = val;
        break;
      case 'ssrc': {
        // Hikvision: a leading space; some send fewer than 8 digits.
        const s = val.trim();
        if (/^[0-9a-f]{1,8}$/i.test(s)) t.ssrc = Number.parseInt(s, 16) >>> 0;
        break;
      }
      case 'mode':
        t.mode = val.replace(/"/g, '').toUpperCase();
        break;
      default:
        break;
    }
  }
  return t;
}

export interface RtpInfoEntry {
  url: string;
  seq?: number;
  rtptime?: number;
  ssrc?: number;
}

/** Parses RTP-Info (tolerating a trailing `;`, negative rtptime, ssrc= from Reolink). */
export function parseRtpInfo(value: string): RtpInfoEntry[] {
  const out: RtpInfoEntry[] = [];
  // Entries are comma-separated, but URLs may contain commas: split on ",url=".
  const entries = value.split(/,\s*(?=url\s*=)/i);
  for (const e of entries) {
    const parts = e.split(';').map((p) => p.trim());
    let url: string | undefined;
    const entry: Omit<RtpInfoEntry, 'url'> = {};
    for (const p of parts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const val = p.slice(eq + 1).trim();
      if (key === 'url') url = val.replace(/^"|"$/g, '');
      else if (key === 'seq' && /^\d+$/.test(val)) entry.seq = Number(val) & 0xffff;
      else if (key === 'rtptime' && /^-?\d+$/.test(val))
        entry.rtptime = Number(BigInt.asUintN(32, BigInt(val)));
      else if (key === 'ssrc' && /^[0-9a-f]{1,8}$/i.test(val)) entry.ssrc = Number.parseInt(val, 16) >>> 0;
    }
    if (url !== undefined) out.push({ url, ...entry });
  }
  return out;
}

/** Upper-cased method names from a Public header. */
export function parsePublic(value: string | undefined): Set<string> {
  const out = new Set<string>();
  if (value === undefined) return out;
  for (const m of value.split(',')) {
    const t = m.trim().toUpperCase();
    if (t) out.add(t);
  }
  return out;
}
