// SDP (RFC 4566/8866) as an RTSP client needs it: session-level control and tool, and per
// media section a MediaDescription for the depacketizer factory. Lenient with camera
// sloppiness (missing o=, trailing spaces, empty fmtp, trailing `;`), and a media section it
// cannot use (e.g. Tapo's payload type written as a word) is kept with a reason, not fatal.
import type { MediaDescription } from './codec/types';
import { RtspError } from './error';

export interface SdpMedia {
  media: string;
  port: number;
  proto: string;
  /** Format tokens from the m= line, as written. */
  formats: string[];
  control?: string;
  /** What the depacketizer factory needs, for the first payload type; absent if unusable. */
  description?: MediaDescription;
  /** Why `description` is absent. */
  unusableReason?: string;
  /** a=sendonly / recvonly / sendrecv / inactive, when given. */
  direction?: string;
  /** The media's c= address (or the session's) is multicast: 224.0.0.0/4 or ff00::/8. */
  multicast?: boolean;
}

export interface SdpSession {
  /** a=tool, e.g. "LIVE555 Streaming Media v2013.04.08". */
  tool?: string;
  /** s= line. */
  name?: string;
  /** Session-level a=control. */
  control?: string;
  /** Session-level a=range. */
  range?: string;
  media: SdpMedia[];
}

/**
 * Most media sections an SDP may have. Cameras offer a handful (video, audio, metadata,
 * back-channel); a hostile server offering thousands would otherwise make a client that sets
 * up every stream bind thousands of UDP port pairs.
 */
export const MAX_MEDIA_SECTIONS = 64;

/** c=IN IP4 224.2.0.1/16 or c=IN IP6 ff15::1 */
function isMulticastConnection(value: string): boolean {
  const addr = value.trim().split(/\s+/)[2]?.split('/')[0] ?? '';
  const first = Number(addr.split('.')[0]);
  if (/^\d+\.\d+\.\d+\.\d+$/.test(addr)) return first >= 224 && first <= 239;
  return /^ff[0-9a-f]{2}:/i.test(addr);
}

/** Static payload types (RFC 3551) that cameras use without an rtpmap. */
const STATIC: Record<number, { name: string; clock: number; channels?: number }> = {
  0: { name: 'PCMU', clock: 8000, channels: 1 },
  3: { name: 'GSM', clock: 8000, channels: 1 },
  8: { name: 'PCMA', clock: 8000, channels: 1 },
  9: { name: 'G722', clock: 8000, channels: 1 },
  10: { name: 'L16', clock: 44100, channels: 2 },
  11: { name: 'L16', clock: 44100, channels: 1 },
  14: { name: 'MPA', clock: 90000 },
  26: { name: 'JPEG', clock: 90000 },
  32: { name: 'MPV', clock: 90000 },
  33: { name: 'MP2T', clock: 90000 },
};

export function parseFmtp(params: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of params.split(';')) {
    const t = part.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq < 0) out[t.toLowerCase()] = '';
    else out[t.slice(0, eq).trim().toLowerCase()] = t.slice(eq + 1).trim();
  }
  return out;
}

interface Building {
  m: SdpMedia;
  rtpmap: Map<number, { name: string; clock: number; channels?: number }>;
  fmtp: Map<number, string>;
  frameRate?: number;
}

export function parseSdp(input: Buffer | string): SdpSession | RtspError {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const lines = text.split(/\r?\n|\r/);
  const session: SdpSession = { media: [] };
  let cur: Building | undefined;
  const built: Building[] = [];
  let sawVersion = false;
  let sessionMulticast = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === '') continue;
    if (line.length < 2 || line[1] !== '=') {
      if (!sawVersion)
        return new RtspError('protocol', `SDP: malformed line ${JSON.stringify(line.slice(0, 60))}`);
      continue; // tolerate junk lines after the start
    }
    const type = line[0];
    const value = line.slice(2);
    if (type === 'v') {
      sawVersion = true;
      continue;
    }
    if (type === 'm') {
      if (built.length >= MAX_MEDIA_SECTIONS)
        return new RtspError(
          'protocol',
          `SDP: more than ${MAX_MEDIA_SECTIONS} media sections (a camera offers a handful)`,
        );
      const parts = value.trim().split(/\s+/);
      if (parts.length < 3)
        return new RtspError('protocol', `SDP: malformed m= line ${JSON.stringify(value)}`);
      cur = {
        m: {
          media: parts[0]!.toLowerCase(),
          port: Number(parts[1]!.split('/')[0]) || 0,
          proto: parts[2]!,
          formats: parts.slice(3),
        },
        rtpmap: new Map(),
        fmtp: new Map(),
      };
      built.push(cur);
      continue;
    }
    if (type === 'c') {
      if (cur === undefined) sessionMulticast = isMulticastConnection(value);
      else cur.m.multicast = isMulticastConnection(value);
      continue;
    }
    if (type === 's' && cur === undefined) {
      session.name = value;
      continue;
    }
    if (type !== 'a') continue;
    const colon = value.indexOf(':');
    const attr = (colon < 0 ? value : value.slice(0, colon)).trim().toLowerCase();
    const aval = colon < 0 ? '' : value.slice(colon + 1).trim();
    if (cur === undefined) {
      if (attr === 'control') session.control = aval;
      else if (attr === 'tool') session.tool = aval;
      else if (attr === 'range') session.range = aval;
      continue;
    }
    switch (attr) {
      case 'control':
        cur.m.control = aval;
        break;
      case 'rtpmap': {
        const m = /^(\d{1,3})\s+([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(aval);
        if (m) {
          const entry: { name: string; clock: number; channels?: number } = {
            name: m[2]!,
            clock: Number(m[3]),
          };
          if (m[4] !== undefined) entry.channels = Number(m[4]);
          cur.rtpmap.set(Number(m[1]), entry);
        }
        break;
      }
      case 'fmtp': {
        const m = /^(\d{1,3})(?:\s+(.*))?$/.exec(aval);
        if (m) cur.fmtp.set(Number(m[1]), m[2] ?? '');
        break;
      }
      case 'framerate': {
        const f = Number.parseFloat(aval);
        if (Number.isFinite(f) && f > 0) cur.frameRate = f;
        break;
      }
      case 'sendonly':
      case 'recvonly':
      case 'sendrecv':
      case 'inactive':
        cur.m.direction = attr;
        break;
      default:
        break;
    }
  }
  if (!sawVersion && built.length === 0) return new RtspError('protocol', 'SDP: no v= line and no media');
  for (const b of built) {
    b.m.multicast ??= sessionMulticast;
    describeMedia(b);
    session.media.push(b.m);
  }
  return session;
}

function describeMedia(b: Building): void {
  const m = b.m;
  const first = m.formats[0];
  if (first === undefined) {
    m.unusableReason = 'no payload type in the m= line';
    return;
  }
  if (!/^\d{1,3}$/.test(first) || Number(first) > 127) {
    m.unusableReason = `payload type ${JSON.stringify(first)} is not a number 0-127`;
    return;
  }
  if (!/^RTP\/S?AVPF?(\/(TCP|UDP))?$/i.test(m.proto)) {
    m.unusableReason = `transport protocol ${m.proto} is not RTP/AVP`;
    return;
  }
  // live555's RTSPS+SRTP offers RTP/SAVP with a=key-mgmt:mikey; we have no SRTP, and setting
  // it up would fail later with a misleading transport error.
  if (/^RTP\/SAVP/i.test(m.proto)) {
    m.unusableReason = `SRTP is not supported (${m.proto})`;
    return;
  }
  const pt = Number(first);
  const map = b.rtpmap.get(pt) ?? STATIC[pt];
  if (map === undefined) {
    m.unusableReason = `payload type ${pt} has no rtpmap and is not a static type`;
    return;
  }
  const description: MediaDescription = {
    media: m.media,
    encodingName: map.name,
    payloadType: pt,
    clockRate: map.clock,
    fmtp: parseFmtp(b.fmtp.get(pt) ?? ''),
  };
  if (map.channels !== undefined) description.channels = map.channels;
  if (b.frameRate !== undefined) description.frameRate = b.frameRate;
  m.description = description;
}

export interface Live555Version {
  year: number;
  month: number;
  day: number;
}

/** Parses `LIVE555 Streaming Media vYYYY.MM.DD` from a=tool. */
export function live555Version(tool: string | undefined): Live555Version | undefined {
  if (tool === undefined) return undefined;
  const m = /LIVE555 Streaming Media v(\d{4})\.(\d{1,2})\.(\d{1,2})/i.exec(tool);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** live555 before 2017.06.04 keeps sending a closed TCP session's data on a reused socket. */
export function hasLive555TcpBug(tool: string | undefined): boolean {
  const v = live555Version(tool);
  if (v === undefined) return false;
  return v.year * 10000 + v.month * 100 + v.day < 20170604;
}
