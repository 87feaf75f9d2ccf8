// What a WHEP offer asks for, read from its SDP: each m-section's kind, mid and payload types
// (encoding, clock rate, channels, fmtp). Pure: any text in, a parsed offer or an error value out.
export interface OfferFormat {
  payloadType: number;
  /** Encoding name, lower-cased ('h264', 'opus', 'pcmu', ...). */
  encoding: string;
  clockRate: number;
  channels: number;
  /** fmtp parameters, keys lower-cased. */
  fmtp: Record<string, string>;
}

export interface OfferMedia {
  kind: 'video' | 'audio' | 'other';
  mid: string;
  /** The offerer's direction: a WHEP offer receives (recvonly or sendrecv). */
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
  formats: OfferFormat[];
  /** The offered ICE candidates: type (host, srflx, relay) and address. */
  candidates: { type: string; address: string }[];
}

export interface Offer {
  media: OfferMedia[];
  /** The offerer's ICE user fragment (session or first m-section): a trickle PATCH must match it. */
  iceUfrag?: string;
}

export type OfferResult = { ok: true; offer: Offer } | { ok: false; reason: string };

const MAX_SDP = 64 * 1024;
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

export function parseOffer(sdp: string): OfferResult {
  if (sdp.length > MAX_SDP) return { ok: false, reason: 'the offer is larger than 64 KiB' };
  if (!sdp.startsWith('v=0')) return { ok: false, reason: 'not an SDP offer (no v=0 line)' };
  const media: OfferMedia[] = [];
  let cur: OfferMedia | undefined;
  let sessionDirection: OfferMedia['direction'] = 'sendrecv';
  let iceUfrag: string | undefined;
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.startsWith('m=')) {
      const parts = line.slice(2).split(' ');
      const kind = parts[0] === 'video' || parts[0] === 'audio' ? parts[0] : 'other';
      cur = { kind, mid: String(media.length), direction: sessionDirection, formats: [], candidates: [] };
      for (const pt of parts.slice(3)) {
        const n = Number(pt);
        if (Number.isInteger(n) && n >= 0 && n <= 127) {
          cur.formats.push({ payloadType: n, encoding: '', clockRate: 0, channels: 1, fmtp: {} });
        }
      }
      media.push(cur);
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2);
    if (DIRECTIONS.has(attr)) {
      if (cur) cur.direction = attr as OfferMedia['direction'];
      else sessionDirection = attr as OfferMedia['direction'];
      continue;
    }
    if (attr.startsWith('ice-ufrag:')) {
      iceUfrag ??= attr.slice(10).trim();
      continue;
    }
    if (!cur) continue;
    if (attr.startsWith('mid:')) cur.mid = attr.slice(4).trim();
    else if (attr.startsWith('rtpmap:')) readRtpmap(cur, attr.slice(7));
    else if (attr.startsWith('fmtp:')) readFmtp(cur, attr.slice(5));
    else if (attr.startsWith('candidate:')) {
      // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
      const m = /^candidate:\S+ \d+ \S+ \d+ (\S+) \d+ typ (\w+)/.exec(attr);
      if (m) cur.candidates.push({ type: m[2]!, address: m[1]! });
    }
  }
  if (media.length === 0) return { ok: false, reason: 'the offer has no media section' };
  return { ok: true, offer: { media, ...(iceUfrag ? { iceUfrag } : {}) } };
}

function formatOf(m: OfferMedia, text: string): [OfferFormat | undefined, string] {
  const sp = text.indexOf(' ');
  const pt = Number(sp < 0 ? text : text.slice(0, sp));
  return [m.formats.find((f) => f.payloadType === pt), sp < 0 ? '' : text.slice(sp + 1).trim()];
}

function readRtpmap(m: OfferMedia, text: string): void {
  const [f, rest] = formatOf(m, text);
  if (!f) return;
  const [name = '', rate = '0', channels = '1'] = rest.split('/');
  f.encoding = name.toLowerCase();
  f.clockRate = Number(rate) || 0;
  f.channels = Number(channels) || 1;
}

function readFmtp(m: OfferMedia, text: string): void {
  const [f, rest] = formatOf(m, text);
  if (!f) return;
  for (const kv of rest.split(';')) {
    const eq = kv.indexOf('=');
    if (eq > 0) f.fmtp[kv.slice(0, eq).trim().toLowerCase()] = kv.slice(eq + 1).trim();
  }
}
