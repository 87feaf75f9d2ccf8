// The depacketizer factory: picks a depacketizer from the SDP media type and encoding name.
// An encoding we cannot handle gives a reason an operator can act on, never an exception.
import { createH264Depacketizer } from './h264';
import { createH265Depacketizer } from './h265';
import { createJpegDepacketizer } from './jpeg';
import type { DepacketizerOptions, DepacketizerResult, MediaDescription } from './types';

export type * from './types';

/** Encoding names of the static RTP payload types (RFC 3551) we can depacketize. */
const STATIC_PAYLOAD_TYPES: Record<number, string> = {
  0: 'PCMU',
  8: 'PCMA',
  9: 'G722',
  10: 'L16',
  11: 'L16',
  26: 'JPEG',
};

export function createDepacketizer(
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): DepacketizerResult {
  const kind = media.media.toLowerCase();
  const encoding = (media.encodingName.trim() || STATIC_PAYLOAD_TYPES[media.payloadType] || '').toUpperCase();
  if (encoding === '')
    return { ok: false, reason: `payload type ${media.payloadType} has no rtpmap encoding` };
  if (kind === 'video') {
    switch (encoding) {
      case 'H264': {
        const mode = media.fmtp['packetization-mode']?.trim();
        if (mode === '2') {
          return { ok: false, reason: 'H.264 interleaved mode (packetization-mode=2) is not supported' };
        }
        return { ok: true, depacketizer: createH264Depacketizer(media, streamIndex, options) };
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
        return { ok: true, depacketizer: createH265Depacketizer(media, streamIndex, options) };
      }
      case 'JPEG':
        return { ok: true, depacketizer: createJpegDepacketizer(media, streamIndex) };
    }
  }
  return { ok: false, reason: `${kind} encoding '${media.encodingName || encoding}' is not supported` };
}
