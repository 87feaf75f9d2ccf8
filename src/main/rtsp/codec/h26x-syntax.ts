// The inputs of the shared H.264 / H.265 access-unit assembler (h26x.ts): what differs between
// the two codecs (NAL header size, aggregation / fragmentation packet types, per-type NAL
// classes in lookup tables, so per-packet code tests table bits instead of branching on the
// codec), and the per-stream settings it is built with.
import type { DepacketizerOptions, VideoParameters } from './types';

/** Bits of `H26xSyntax.flags`, indexed by NAL unit type. */
export const VCL = 1;
/** After a VCL NAL unit, this type begins a new access unit. */
export const BEGINS_AU = 2;
/** A random access point (IDR / IRAP) VCL type. */
export const RAP = 4;
export const AUD = 8;

export interface H26xSyntax {
  readonly name: 'H.264' | 'H.265';
  readonly headerLength: 1 | 2;
  readonly aggregationType: number;
  readonly fragmentationType: number;
  /** Flags by NAL unit type (64 entries). */
  readonly flags: Uint8Array;
  /** Parameter-set slot by NAL unit type (64 entries; 255 = not a parameter set). */
  readonly slots: Uint8Array;
  readonly slotCount: number;
  nalType(b0: number): number;
  /** A VCL NAL unit that no other picture references (nal_ref_idc 0 / sub-layer non-ref). */
  isDisposable(b0: number, type: number): boolean;
  /** Why a packet whose first NAL type is `type` can't be handled; undefined if single NAL. */
  rejectPacket(type: number, payload: Buffer): string | undefined;
  /** Builds parameters from one NAL unit per slot. */
  buildParameters(sets: readonly Buffer[]): VideoParameters | string;
}

export interface H26xSettings {
  streamIndex: number;
  payloadType: number;
  clockRate: number;
  options?: DepacketizerOptions;
  /** Parameter sets from the SDP, one per slot, already validated by buildParameters. */
  initialSets?: Buffer[];
  initialParameters?: VideoParameters;
  /** Cap on an access unit in progress; default 8 MiB. */
  maxFrameBytes?: number;
}

/** Parameter sets taken from the SDP; a problem means "ignore them, use in-band ones". */
export interface SdpParameterSets {
  sets?: Buffer[];
  parameters?: VideoParameters;
  problem?: string;
}
