// The tracks a restream offers: the camera session's first usable video stream (H.264, H.265
// or Motion JPEG) and first usable audio stream, chosen from the first session and found again in
// every later one (a reconnect gives new StreamInfo objects, the same kinds of stream).
// Also the SDP a DESCRIBE answers with, built from the streams' current parameters.
import type { StreamInfo, StreamParameters } from '../rtsp/index';
import { type H26xCodec, parameterSetsOf, spropFmtp } from './parameter-sets';

export type TrackCodec = H26xCodec | 'jpeg' | 'aac' | 'whole';

export interface RestreamTrack {
  /** Position in the SDP (trackID=N), stable for the restream's life. */
  readonly id: number;
  readonly media: 'video' | 'audio';
  readonly codec: TrackCodec;
  /** Upper-cased encoding name of the camera's stream. */
  readonly encodingName: string;
  readonly clockRate: number;
  readonly channels: number | undefined;
  readonly payloadType: number;
}

const WHOLE_AUDIO = new Set(['PCMA', 'PCMU', 'G722', 'L16', 'OPUS']);

function codecOf(s: StreamInfo): TrackCodec | undefined {
  if (!s.supported) return undefined;
  const name = s.encodingName.trim().toUpperCase();
  if (s.media === 'video') {
    if (name === 'H264') return 'h264';
    if (name === 'H265' || name === 'HEVC') return 'h265';
    if (name === 'JPEG') return 'jpeg';
    return undefined;
  }
  if (s.media === 'audio') {
    if (name === 'MPEG4-GENERIC') return 'aac';
    if (WHOLE_AUDIO.has(name)) return 'whole';
  }
  return undefined;
}

/** The tracks of a first session: at most one video and one audio. */
export function chooseTracks(streams: readonly StreamInfo[]): RestreamTrack[] {
  const out: RestreamTrack[] = [];
  for (const media of ['video', 'audio'] as const) {
    const s = streams.find((x) => x.media === media && codecOf(x) !== undefined);
    if (!s) continue;
    out.push({
      id: out.length,
      media,
      codec: codecOf(s)!,
      encodingName: s.encodingName.trim().toUpperCase(),
      clockRate: s.clockRate ?? 90_000,
      channels: s.channels,
      // JPEG keeps its static payload type (RFC 3551), which some players insist on.
      payloadType: codecOf(s) === 'jpeg' ? 26 : 96 + out.length,
    });
  }
  return out;
}

/** For each track, the index of the matching stream in `streams`, or -1. */
export function mapTracks(tracks: readonly RestreamTrack[], streams: readonly StreamInfo[]): number[] {
  return tracks.map((t) => {
    const s = streams.find(
      (x) =>
        x.media === t.media &&
        codecOf(x) === t.codec &&
        x.encodingName.trim().toUpperCase() === t.encodingName &&
        (x.clockRate ?? 90_000) === t.clockRate,
    );
    return s ? s.index : -1;
  });
}

export interface SdpOptions {
  /** The server's address as the client reached it (the o= line). */
  host: string;
  sessionId: string;
}

function fmtpOf(t: RestreamTrack, p: StreamParameters | undefined, source: StreamInfo | undefined): string {
  if (t.codec === 'h264' || t.codec === 'h265') {
    const sets = p?.kind === 'video' ? parameterSetsOf(t.codec, p.extraData) : [];
    const parts = t.codec === 'h264' ? ['packetization-mode=1'] : [];
    return [...parts, ...spropFmtp(t.codec, sets)].join(';');
  }
  if (t.codec === 'jpeg') return '';
  if (t.codec === 'aac') {
    const config = p?.kind === 'audio' ? p.extraData.toString('hex') : '';
    return `streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=${config}`;
  }
  const fmtp = source?.fmtp ?? {};
  return Object.entries(fmtp)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(';');
}

/** The SDP of a restream; `streams[k]` is the current stream of track k (parameters). */
export function buildSdp(
  tracks: readonly RestreamTrack[],
  streams: readonly (StreamInfo | undefined)[],
  o: SdpOptions,
): string {
  const ip6 = o.host.includes(':');
  const lines = [
    'v=0',
    `o=- ${o.sessionId} 1 IN ${ip6 ? 'IP6' : 'IP4'} ${o.host}`,
    's=camrelay restream',
    `c=IN ${ip6 ? 'IP6 ::' : 'IP4 0.0.0.0'}`,
    't=0 0',
    'a=tool:camrelay',
    'a=range:npt=0-',
    'a=control:*',
  ];
  for (const t of tracks) {
    const s = streams[t.id];
    const p = s?.parameters;
    let rate = t.clockRate;
    let channels = t.channels;
    if (t.codec === 'aac' && p?.kind === 'audio') {
      rate = p.sampleRate;
      channels = p.channels;
    }
    const name = t.codec === 'h265' ? 'H265' : t.codec === 'aac' ? 'mpeg4-generic' : t.encodingName;
    lines.push(`m=${t.media} 0 RTP/AVP ${t.payloadType}`);
    lines.push(
      `a=rtpmap:${t.payloadType} ${name}/${rate}${t.media === 'audio' && channels ? `/${channels}` : ''}`,
    );
    const fmtp = fmtpOf(t, p, s);
    if (fmtp !== '') lines.push(`a=fmtp:${t.payloadType} ${fmtp}`);
    lines.push(`a=control:trackID=${t.id}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
