// The depacketizer factory: picks a depacketizer from the SDP media type and encoding name.
// An encoding we cannot handle gives a reason an operator can act on, never an exception.
import { createAacDepacketizer } from './aac';
import { createH264Depacketizer } from './h264';
import { createH265Depacketizer } from './h265';
import { createJpegDepacketizer } from './jpeg';
import { createOnvifDepacketizer } from './onvif';
import { createOpusDepacketizer } from './opus';
import { createSimpleAudioDepacketizer } from './simple-audio';
import type { Depacketizer, DepacketizerOptions, DepacketizerResult, MediaDescription } from './types';

export type * from './types';

/** Encoding names of the static RTP payload types (RFC 3551) we can depacketize. */
const STATIC_PAYLOAD_TYPES: Record<number, { encoding: string; clockRate: number; channels?: number }> = {
  0: { encoding: 'PCMU', clockRate: 8000 },
  8: { encoding: 'PCMA', clockRate: 8000 },
  9: { encoding: 'G722', clockRate: 8000 },
  10: { encoding: 'L16', clockRate: 44100, channels: 2 },
  11: { encoding: 'L16', clockRate: 44100 },
  26: { encoding: 'JPEG', clockRate: 90000 },
};

function ok(depacketizer: Depacketizer | string): DepacketizerResult {
  return typeof depacketizer === 'string' ? { ok: false, reason: depacketizer } : { ok: true, depacketizer };
}

export function createDepacketizer(
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): DepacketizerResult {
  const kind = media.media.toLowerCase();
  let encoding = media.encodingName.trim().toUpperCase();
  const fixed = STATIC_PAYLOAD_TYPES[media.payloadType];
  if (encoding === '' && fixed) {
    // A static payload type without an rtpmap line.
    encoding = fixed.encoding;
    media = {
      ...media,
      clockRate: media.clockRate || fixed.clockRate,
      ...(media.channels === undefined && fixed.channels ? { channels: fixed.channels } : {}),
    };
  }
  if (encoding === '')
    return { ok: false, reason: `payload type ${media.payloadType} has no rtpmap encoding` };
  if (kind === 'video') {
    switch (encoding) {
      case 'H264': {
        if (media.fmtp['packetization-mode']?.trim() === '2') {
          return { ok: false, reason: 'H.264 interleaved mode (packetization-mode=2) is not supported' };
        }
        return ok(createH264Depacketizer(media, streamIndex, options));
      }
      case 'H265':
      case 'HEVC': {
        const donDiff = Number(media.fmtp['sprop-max-don-diff']?.trim() ?? '0');
        if (donDiff !== 0) {
          return {
            ok: false,
            reason: 'H.265 with decoding order numbers (sprop-max-don-diff > 0) is not supported',
          };
        }
        return ok(createH265Depacketizer(media, streamIndex, options));
      }
      case 'JPEG':
        return ok(createJpegDepacketizer(media, streamIndex));
    }
  } else if (kind === 'audio') {
    switch (encoding) {
      case 'MPEG4-GENERIC':
        return ok(createAacDepacketizer(media, streamIndex, options));
      case 'OPUS':
        return ok(createOpusDepacketizer(media, streamIndex));
      case 'MP4A-LATM':
        return {
          ok: false,
          reason: "AAC in LATM (encoding 'MP4A-LATM') is not supported; use mpeg4-generic",
        };
    }
    const simple = createSimpleAudioDepacketizer(media, streamIndex, encoding);
    if (simple !== undefined) return ok(simple);
  } else if (kind === 'application' && encoding === 'VND.ONVIF.METADATA') {
    return ok(createOnvifDepacketizer(media, streamIndex));
  }
  return {
    ok: false,
    reason: `${kind} encoding '${media.encodingName.trim() || encoding}' is not supported`,
  };
}
