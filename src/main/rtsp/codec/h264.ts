// H.264 RTP depacketizer (RFC 6184, non-interleaved mode): single NAL unit packets, STAP-A and
// FU-A, yielding one frame per access unit (see h26x.ts for the assembler).
//
// Field quirks tolerated (each has a named test in h264.test.ts):
// - marker bit set on SPS / PPS / SEI: an access unit ends only once it has a VCL NAL unit;
// - Reolink: the access unit split after SPS/PPS with a timestamp change (the parameter sets
//   join the next picture, which keeps its own timestamp); extra bytes after the SPS;
// - VStarcam, GW Security: invalid sprop-parameter-sets (ignored: in-band parameters used;
//   trailing Annex B start codes inside each sprop NAL unit are stripped);
// - Longse: FU-A with the reserved bit set; NAL type changing inside an FU (the start
//   fragment's type wins); empty FU fragments; FU with both S and E set;
// - Annex B start codes inside RTP payloads (also at a payload's very start);
// - Geovision: packets of another payload type interleaved in the stream are ignored;
// - Ubiquiti: an empty `a=fmtp:96`.
// Interleaved mode (STAP-B, MTAP16/24, FU-B) is rejected with a clear error.
import { decodeParameterSets } from './annex-b';
import { createH26xDepacketizer, type H26xDepacketizer } from './h26x';
import { AUD, BEGINS_AU, type H26xSyntax, RAP, type SdpParameterSets, VCL } from './h26x-syntax';
import { h264Parameters } from './h264-sps';
import type { DepacketizerOptions, MediaDescription } from './types';

const flags = new Uint8Array(64);
for (let t = 1; t <= 5; t++) flags[t] = VCL;
flags[5]! |= RAP;
// Within one RTP timestamp only an AUD begins a new access unit. RFC 6184 gives every NAL
// unit of an access unit the same timestamp, and payloaders repeat SPS/PPS (and SEI) before
// each slice of a multi-slice picture (x264 slices + rtph264pay config-interval=-1): those
// stay in the picture. A timestamp change or the marker bit ends the access unit.
flags[9] = BEGINS_AU;
flags[9]! |= AUD;

const slots = new Uint8Array(64).fill(255);
slots[7] = 0; // SPS
slots[8] = 1; // PPS

const INTERLEAVED: Record<number, string> = {
  25: 'STAP-B',
  26: 'MTAP16',
  27: 'MTAP24',
  29: 'FU-B',
};

function startsWithStartCode(p: Buffer): boolean {
  return p.length >= 4 && p[0] === 0 && p[1] === 0 && (p[2] === 1 || (p[2] === 0 && p[3] === 1));
}

export const H264_SYNTAX: H26xSyntax = {
  name: 'H.264',
  headerLength: 1,
  aggregationType: 24,
  fragmentationType: 28,
  flags,
  slots,
  slotCount: 2,
  nalType: (b0) => b0 & 0x1f,
  isDisposable: (b0) => (b0 & 0x60) === 0,
  rejectPacket(type, payload) {
    if (type >= 1 && type <= 23) return undefined;
    const il = INTERLEAVED[type];
    if (il) return `${il} packets (interleaved mode, packetization-mode=2) are not supported`;
    if (type === 0 && startsWithStartCode(payload)) return undefined; // Annex B in the payload
    return `NAL unit type ${type} is reserved/unspecified`;
  },
  buildParameters: (sets) => h264Parameters(sets[0]!, sets[1]!),
};

export type { SdpParameterSets } from './h26x-syntax';

/** Parameters from `sprop-parameter-sets`; a problem means "ignore them, use in-band ones". */
export function h264SdpParameters(fmtp: Record<string, string>): SdpParameterSets {
  const sprop = fmtp['sprop-parameter-sets']?.trim().replace(/;+$/, '');
  if (!sprop) return {};
  const nals = decodeParameterSets(sprop);
  if (typeof nals === 'string') return { problem: `sprop-parameter-sets: ${nals}` };
  let sps: Buffer | undefined;
  let pps: Buffer | undefined;
  for (const nal of nals) {
    const type = nal[0]! & 0x1f;
    if (nal[0]! & 0x80) return { problem: 'sprop-parameter-sets: NAL unit with the forbidden bit set' };
    if (type === 7) sps ??= nal;
    else if (type === 8) pps ??= nal;
    else return { problem: `sprop-parameter-sets: unexpected NAL unit type ${type}` };
  }
  if (!sps || !pps) return { problem: 'sprop-parameter-sets: needs one SPS and one PPS' };
  const parameters = h264Parameters(sps, pps);
  if (typeof parameters === 'string') return { problem: `sprop-parameter-sets: ${parameters}` };
  return { sets: [Buffer.from(sps), Buffer.from(pps)], parameters };
}

export function createH264Depacketizer(
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): H26xDepacketizer {
  return createH26xDepacketizer(H264_SYNTAX, h264SdpParameters(media.fmtp), media, streamIndex, options);
}
