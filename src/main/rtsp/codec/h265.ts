// H.265 RTP depacketizer (RFC 7798): single NAL unit packets, aggregation packets (AP) and
// fragmentation units (FU), without DONL (sprop-max-don-diff = 0; the factory rejects other
// values). PACI packets are rejected. The assembler and the quirks it tolerates are shared
// with H.264 (h26x.ts): marker on parameter sets, Annex B start codes inside payloads, empty
// fragments, S+E fragments, type change inside an FU, packets of another payload type.
import { decodeParameterSets } from './annex-b';
import { createH26xDepacketizer, type H26xDepacketizer } from './h26x';
import type { SdpParameterSets } from './h26x-syntax';
import { AUD, BEGINS_AU, type H26xSyntax, RAP, VCL } from './h26x-syntax';
import { h265Parameters } from './h265-params';
import type { DepacketizerOptions, MediaDescription } from './types';

const flags = new Uint8Array(64);
for (let t = 0; t <= 31; t++) flags[t] = VCL;
for (let t = 16; t <= 23; t++) flags[t]! |= RAP; // IRAP: BLA, IDR, CRA, reserved IRAP
// As for H.264 (see h264.ts): within one RTP timestamp only an AUD begins a new access unit;
// parameter sets and SEI repeated before a later slice of the same picture stay in it.
flags[35] = BEGINS_AU;
flags[35]! |= AUD;

const slots = new Uint8Array(64).fill(255);
slots[32] = 0; // VPS
slots[33] = 1; // SPS
slots[34] = 2; // PPS

export const H265_SYNTAX: H26xSyntax = {
  name: 'H.265',
  headerLength: 2,
  aggregationType: 48,
  fragmentationType: 49,
  flags,
  slots,
  slotCount: 3,
  nalType: (b0) => (b0 >> 1) & 0x3f,
  // Sub-layer non-reference pictures: TRAIL_N, TSA_N, STSA_N, RADL_N, RASL_N, RSV_VCL_N1x.
  isDisposable: (_b0, type) => type <= 14 && (type & 1) === 0,
  rejectPacket(type) {
    if (type <= 47) return undefined;
    if (type === 50) return 'PACI packets are not supported';
    return `NAL unit type ${type} is reserved/unspecified`;
  },
  buildParameters: (sets) => h265Parameters(sets[0]!, sets[1]!, sets[2]!),
};

/** Parameters from sprop-vps / sprop-sps / sprop-pps; a problem means "use in-band ones". */
export function h265SdpParameters(fmtp: Record<string, string>): SdpParameterSets {
  const keys = ['sprop-vps', 'sprop-sps', 'sprop-pps'] as const;
  const values = keys.map((k) => fmtp[k]?.trim().replace(/;+$/, ''));
  if (values.every((v) => !v)) return {};
  const sets: Buffer[] = [];
  for (let k = 0; k < 3; k++) {
    const v = values[k];
    if (!v) return { problem: `${keys[k]} is missing` };
    const nals = decodeParameterSets(v);
    if (typeof nals === 'string') return { problem: `${keys[k]}: ${nals}` };
    const nal = nals.find((n) => n.length >= 2 && ((n[0]! >> 1) & 0x3f) === 32 + k);
    if (!nal) return { problem: `${keys[k]} holds no ${['VPS', 'SPS', 'PPS'][k]} NAL unit` };
    sets.push(Buffer.from(nal));
  }
  const parameters = h265Parameters(sets[0]!, sets[1]!, sets[2]!);
  if (typeof parameters === 'string') return { problem: `sprop parameter sets: ${parameters}` };
  return { sets, parameters };
}

export function createH265Depacketizer(
  media: MediaDescription,
  streamIndex: number,
  options?: DepacketizerOptions,
): H26xDepacketizer {
  return createH26xDepacketizer(H265_SYNTAX, h265SdpParameters(media.fmtp), media, streamIndex, options);
}
