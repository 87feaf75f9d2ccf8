// H.264 sequence parameter set parsing (ITU-T H.264 7.3.2.1.1 and Annex E.1.1), the avcC
// decoder configuration record (ISO/IEC 14496-15 5.3.3.1) and the RFC 6381 codec string.
// Tolerant of trailing bytes after the SPS (Reolink): anything past the VUI timing info is
// not read, and a VUI that runs off the end only loses the VUI-derived fields.
import { BitReader, nalToRbsp } from './bit-reader';
import type { VideoParameters } from './types';

export interface H264Sps {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  spsId: number;
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  frameMbsOnly: boolean;
  width: number;
  height: number;
  pixelAspectRatio?: [number, number];
  frameRate?: number;
}

/** Table E-1: sample aspect ratios by aspect_ratio_idc. */
const ASPECT_RATIOS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 1],
  [12, 11],
  [10, 11],
  [16, 11],
  [40, 33],
  [24, 11],
  [20, 11],
  [32, 11],
  [80, 33],
  [18, 11],
  [15, 11],
  [64, 33],
  [160, 99],
  [4, 3],
  [3, 2],
  [2, 1],
];

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Reads aspect_ratio_info as in H.264 E.1.1 and H.265 E.2.1 (identical syntax). */
export function readAspectRatio(r: BitReader): [number, number] | undefined {
  if (!r.flag()) return undefined;
  const idc = r.bits(8);
  if (idc === 255) {
    const h = r.bits(16);
    const v = r.bits(16);
    return h > 0 && v > 0 ? [h, v] : undefined;
  }
  const ar = ASPECT_RATIOS[idc];
  return ar && ar[0] > 0 ? [ar[0], ar[1]] : undefined;
}

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size && !r.overrun; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** Parses an SPS NAL unit (header byte included). Returns a description of the problem on error. */
export function parseH264Sps(nal: Uint8Array): H264Sps | string {
  if (nal.length < 4 || (nal[0]! & 0x1f) !== 7) return 'not an SPS NAL unit';
  const r = new BitReader(nalToRbsp(nal, 1));
  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  const spsId = r.ue();
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc > 3) return `SPS chroma_format_idc ${chromaFormatIdc} is invalid`;
    if (chromaFormatIdc === 3) separateColourPlane = r.flag();
    bitDepthLuma = r.ue() + 8;
    bitDepthChroma = r.ue() + 8;
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      const lists = chromaFormatIdc !== 3 ? 8 : 12;
      for (let i = 0; i < lists; i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (pocType === 1) {
    r.skip(1); // delta_pic_order_always_zero_flag
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const n = r.ue();
    if (n > 255) return `SPS num_ref_frames_in_pic_order_cnt_cycle ${n} is invalid`;
    for (let i = 0; i < n; i++) r.se();
  } else if (pocType !== 2) {
    return `SPS pic_order_cnt_type ${pocType} is invalid`;
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.flag();
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let cropLeft = 0;
  let cropRight = 0;
  let cropTop = 0;
  let cropBottom = 0;
  if (r.flag()) {
    cropLeft = r.ue();
    cropRight = r.ue();
    cropTop = r.ue();
    cropBottom = r.ue();
  }
  if (r.overrun) return 'SPS is truncated before its frame size';
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const fieldFactor = frameMbsOnly ? 1 : 2;
  const cropUnitX = chromaArrayType === 0 ? 1 : chromaFormatIdc === 3 ? 1 : 2;
  const cropUnitY = (chromaArrayType === 0 ? 1 : chromaFormatIdc === 1 ? 2 : 1) * fieldFactor;
  const width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
  const height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
  if (widthMbs > 1024 || heightMapUnits > 1024 || width <= 0 || height <= 0) {
    return `SPS frame size ${width}x${height} is invalid`;
  }
  const sps: H264Sps = {
    profileIdc,
    constraintFlags,
    levelIdc,
    spsId,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    frameMbsOnly,
    width,
    height,
  };
  if (r.flag()) readVui(r, sps);
  return sps;
}

/** VUI up to the timing info (E.1.1); fields that run off the end are left unset. */
function readVui(r: BitReader, sps: H264Sps): void {
  const par = readAspectRatio(r);
  if (r.flag()) r.skip(1); // overscan_info_present_flag, overscan_appropriate_flag
  if (r.flag()) {
    r.skip(4); // video_format, video_full_range_flag
    if (r.flag()) r.skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.flag()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  if (r.overrun) return;
  if (par) sps.pixelAspectRatio = par;
  if (r.flag()) {
    const numUnitsInTick = r.bits(32);
    const timeScale = r.bits(32);
    if (!r.overrun && numUnitsInTick > 0 && timeScale > 0) {
      sps.frameRate = roundRate(timeScale / (2 * numUnitsInTick));
    }
  }
}

export function roundRate(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}

const PROFILE_NAMES: Record<number, string> = {
  44: 'CAVLC 4:4:4',
  66: 'Baseline',
  77: 'Main',
  83: 'Scalable Baseline',
  86: 'Scalable High',
  88: 'Extended',
  100: 'High',
  110: 'High 10',
  118: 'Multiview High',
  122: 'High 4:2:2',
  128: 'Stereo High',
  244: 'High 4:4:4 Predictive',
};

/** Profile name as ffprobe prints it (constraint_set1 on Baseline = Constrained Baseline, ...). */
export function h264ProfileName(profileIdc: number, constraintFlags: number): string {
  const set1 = (constraintFlags & 0x40) !== 0;
  const set3 = (constraintFlags & 0x10) !== 0;
  if (profileIdc === 66 && set1) return 'Constrained Baseline';
  if ((profileIdc === 110 || profileIdc === 122 || profileIdc === 244) && set3) {
    return `${PROFILE_NAMES[profileIdc] === 'High 4:4:4 Predictive' ? 'High 4:4:4' : PROFILE_NAMES[profileIdc]} Intra`;
  }
  return PROFILE_NAMES[profileIdc] ?? `profile ${profileIdc}`;
}

export function h264LevelName(levelIdc: number, constraintFlags: number, profileIdc: number): string {
  // Level 1b: level_idc 11 with constraint_set3 in Baseline/Main/Extended, or level_idc 9.
  if (levelIdc === 9 || (levelIdc === 11 && (constraintFlags & 0x10) !== 0 && profileIdc <= 88)) return '1b';
  return levelIdc % 10 === 0 ? String(levelIdc / 10) : (levelIdc / 10).toFixed(1);
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * Builds the stream parameters from one SPS and one PPS (NAL units with header bytes).
 * The avcC record uses 4-byte lengths (lengthSizeMinusOne = 3), as our frames do.
 */
export function h264Parameters(spsNal: Uint8Array, ppsNal: Uint8Array): VideoParameters | string {
  const sps = parseH264Sps(spsNal);
  if (typeof sps === 'string') return sps;
  if (ppsNal.length < 2 || (ppsNal[0]! & 0x1f) !== 8) return 'PPS is not a PPS NAL unit';
  if (spsNal.length > 0xffff || ppsNal.length > 0xffff) return 'parameter set longer than 65535 bytes';
  const ext = sps.profileIdc === 66 || sps.profileIdc === 77 || sps.profileIdc === 88 ? 0 : 4;
  const avcc = Buffer.alloc(11 + spsNal.length + ppsNal.length + ext);
  let o = 0;
  avcc[o++] = 1; // configurationVersion
  avcc[o++] = sps.profileIdc;
  avcc[o++] = sps.constraintFlags;
  avcc[o++] = sps.levelIdc;
  avcc[o++] = 0xff; // reserved 111111 + lengthSizeMinusOne 3
  avcc[o++] = 0xe1; // reserved 111 + numOfSequenceParameterSets 1
  o = avcc.writeUInt16BE(spsNal.length, o);
  avcc.set(spsNal, o);
  o += spsNal.length;
  avcc[o++] = 1; // numOfPictureParameterSets
  o = avcc.writeUInt16BE(ppsNal.length, o);
  avcc.set(ppsNal, o);
  o += ppsNal.length;
  if (ext) {
    avcc[o++] = 0xfc | sps.chromaFormatIdc;
    avcc[o++] = 0xf8 | ((sps.bitDepthLuma - 8) & 7);
    avcc[o++] = 0xf8 | ((sps.bitDepthChroma - 8) & 7);
    avcc[o++] = 0; // numOfSequenceParameterSetExt
  }
  const params: VideoParameters = {
    kind: 'video',
    codec: 'h264',
    rfc6381Codec: `avc1.${hex2(sps.profileIdc)}${hex2(sps.constraintFlags)}${hex2(sps.levelIdc)}`,
    width: sps.width,
    height: sps.height,
    profile: h264ProfileName(sps.profileIdc, sps.constraintFlags),
    level: h264LevelName(sps.levelIdc, sps.constraintFlags, sps.profileIdc),
    extraData: avcc,
  };
  if (sps.pixelAspectRatio) params.pixelAspectRatio = sps.pixelAspectRatio;
  if (sps.frameRate !== undefined) params.frameRate = sps.frameRate;
  return params;
}
