// H.265 parameter sets (ITU-T H.265 7.3.2.2 SPS, 7.3.3 profile_tier_level, E.2.1 VUI), the
// hvcC decoder configuration record (ISO/IEC 14496-15 8.3.3.1) and the `hvc1.…` codec
// string (ISO/IEC 14496-15 Annex E.3). The SPS is read up to the VUI timing info.
import { BitReader, nalToRbsp } from './bit-reader';
import { readAspectRatio, roundRate } from './h264-sps';
import type { VideoParameters } from './types';

export interface ProfileTierLevel {
  profileSpace: number;
  tier: number;
  profileIdc: number;
  /** general_profile_compatibility_flag[0..31], bit 31 = flag[0]. */
  compatibility: number;
  /** The 48 bits of general constraint flags, as 6 bytes. */
  constraints: Uint8Array;
  levelIdc: number;
}

export interface H265Sps {
  ptl: ProfileTierLevel;
  maxSubLayers: number;
  temporalIdNesting: boolean;
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  width: number;
  height: number;
  pixelAspectRatio?: [number, number];
  frameRate?: number;
}

function readPtl(r: BitReader, maxSubLayersMinus1: number): ProfileTierLevel {
  const profileSpace = r.bits(2);
  const tier = r.bits(1);
  const profileIdc = r.bits(5);
  const compatibility = r.bits(32);
  const constraints = new Uint8Array(6);
  for (let i = 0; i < 6; i++) constraints[i] = r.bits(8);
  const levelIdc = r.bits(8);
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) r.skip(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
  return { profileSpace, tier, profileIdc, compatibility, constraints, levelIdc };
}

function skipScalingListData(r: BitReader): void {
  for (let sizeId = 0; sizeId < 4; sizeId++) {
    for (let matrixId = 0; matrixId < 6; matrixId += sizeId === 3 ? 3 : 1) {
      if (!r.flag()) {
        r.ue(); // scaling_list_pred_matrix_id_delta
      } else {
        const coefs = Math.min(64, 1 << (4 + (sizeId << 1)));
        if (sizeId > 1) r.se(); // scaling_list_dc_coef_minus8
        for (let i = 0; i < coefs && !r.overrun; i++) r.se();
      }
    }
  }
}

/** st_ref_pic_set() (7.3.7); returns NumDeltaPocs of this set, or -1 on a bad reference. */
function skipShortTermRefPicSet(r: BitReader, idx: number, numDeltaPocs: number[]): number {
  if (idx !== 0 && r.flag()) {
    // inter_ref_pic_set_prediction_flag; in the SPS delta_idx_minus1 is absent (0).
    r.skip(1); // delta_rps_sign
    r.ue(); // abs_delta_rps_minus1
    const ref = numDeltaPocs[idx - 1];
    if (ref === undefined) return -1;
    let n = 0;
    for (let j = 0; j <= ref; j++) {
      const used = r.flag();
      const useDelta = used ? true : r.flag();
      if (used || useDelta) n++;
    }
    return n;
  }
  const neg = r.ue();
  const pos = r.ue();
  if (neg > 16 || pos > 16) return -1;
  for (let i = 0; i < neg + pos; i++) {
    r.ue(); // delta_poc_s0/s1_minus1
    r.skip(1); // used_by_curr_pic_s0/s1_flag
  }
  return neg + pos;
}

/** Parses an SPS NAL unit (2-byte header included). Returns a description of the problem on error. */
export function parseH265Sps(nal: Uint8Array): H265Sps | string {
  if (nal.length < 4 || ((nal[0]! >> 1) & 0x3f) !== 33) return 'not an SPS NAL unit';
  const r = new BitReader(nalToRbsp(nal, 2));
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.bits(3);
  if (maxSubLayersMinus1 > 6) return `SPS sps_max_sub_layers_minus1 ${maxSubLayersMinus1} is invalid`;
  const temporalIdNesting = r.flag();
  const ptl = readPtl(r, maxSubLayersMinus1);
  r.ue(); // sps_seq_parameter_set_id
  const chromaFormatIdc = r.ue();
  if (chromaFormatIdc > 3) return `SPS chroma_format_idc ${chromaFormatIdc} is invalid`;
  const separateColourPlane = chromaFormatIdc === 3 ? r.flag() : false;
  const lumaW = r.ue();
  const lumaH = r.ue();
  let [cl, cr, ct, cb] = [0, 0, 0, 0];
  if (r.flag()) [cl, cr, ct, cb] = [r.ue(), r.ue(), r.ue(), r.ue()];
  const bitDepthLuma = r.ue() + 8;
  const bitDepthChroma = r.ue() + 8;
  if (r.overrun) return 'SPS is truncated before its frame size';
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subW = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subH = chromaArrayType === 1 ? 2 : 1;
  const width = lumaW - subW * (cl + cr);
  const height = lumaH - subH * (ct + cb);
  if (lumaW > 16888 || lumaH > 16888 || width <= 0 || height <= 0) {
    return `SPS frame size ${width}x${height} is invalid`;
  }
  const sps: H265Sps = {
    ptl,
    maxSubLayers: maxSubLayersMinus1 + 1,
    temporalIdNesting,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    width,
    height,
  };
  readRestAndVui(r, sps, maxSubLayersMinus1);
  return sps;
}

/** From log2_max_pic_order_cnt_lsb_minus4 to the VUI timing info; stops quietly on trouble. */
function readRestAndVui(r: BitReader, sps: H265Sps, maxSubLayersMinus1: number): void {
  const log2MaxPocLsb = r.ue() + 4;
  const orderingAll = r.flag();
  for (let i = orderingAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    r.ue();
    r.ue();
    r.ue();
  }
  for (let i = 0; i < 6; i++) r.ue(); // coding/transform block sizes, hierarchy depths
  if (r.flag() && r.flag()) skipScalingListData(r); // scaling_list_enabled, data_present
  r.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
  if (r.flag()) {
    r.skip(8); // pcm bit depths
    r.ue();
    r.ue();
    r.skip(1);
  }
  const numSets = r.ue();
  if (numSets > 64 || r.overrun) return;
  const numDeltaPocs: number[] = [];
  for (let i = 0; i < numSets; i++) {
    const n = skipShortTermRefPicSet(r, i, numDeltaPocs);
    if (n < 0 || r.overrun) return;
    numDeltaPocs.push(n);
  }
  if (r.flag()) {
    const n = r.ue();
    if (n > 32) return;
    for (let i = 0; i < n; i++) r.skip(log2MaxPocLsb + 1);
  }
  r.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
  if (!r.flag() || r.overrun) return; // vui_parameters_present_flag
  const par = readAspectRatio(r);
  if (r.flag()) r.skip(1); // overscan
  if (r.flag()) {
    r.skip(4);
    if (r.flag()) r.skip(24);
  }
  if (r.flag()) {
    r.ue();
    r.ue();
  }
  r.skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
  if (r.flag()) for (let i = 0; i < 4; i++) r.ue(); // default display window
  if (r.overrun) return;
  if (par) sps.pixelAspectRatio = par;
  if (r.flag()) {
    const numUnitsInTick = r.bits(32);
    const timeScale = r.bits(32);
    if (!r.overrun && numUnitsInTick > 0 && timeScale > 0)
      sps.frameRate = roundRate(timeScale / numUnitsInTick);
  }
}

const PROFILE_NAMES: Record<number, string> = {
  1: 'Main',
  2: 'Main 10',
  3: 'Main Still Picture',
  4: 'Rext',
  5: 'High Throughput',
  9: 'Screen Extended',
};

function reverseBits32(x: number): number {
  let v = 0;
  for (let i = 0; i < 32; i++) v = v * 2 + ((x >>> i) & 1);
  return v;
}

/** ISO/IEC 14496-15 E.3: hvc1.[A-C]?profile.compat.[LH]level(.constraint bytes). */
export function hevcCodecString(ptl: ProfileTierLevel): string {
  const space = ['', 'A', 'B', 'C'][ptl.profileSpace] ?? '';
  const compat = reverseBits32(ptl.compatibility).toString(16).toUpperCase();
  let last = ptl.constraints.length;
  while (last > 0 && ptl.constraints[last - 1] === 0) last--;
  const cons = Array.from(
    ptl.constraints.subarray(0, last),
    (b) => `.${b.toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `hvc1.${space}${ptl.profileIdc}.${compat}.${ptl.tier ? 'H' : 'L'}${ptl.levelIdc}${cons.join('')}`;
}

function levelName(levelIdc: number): string {
  const v = levelIdc / 30;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Builds parameters from one VPS, SPS and PPS (NAL units with 2-byte headers). */
export function h265Parameters(
  vps: Uint8Array,
  spsNal: Uint8Array,
  pps: Uint8Array,
): VideoParameters | string {
  if (vps.length < 3 || ((vps[0]! >> 1) & 0x3f) !== 32) return 'VPS is not a VPS NAL unit';
  if (pps.length < 3 || ((pps[0]! >> 1) & 0x3f) !== 34) return 'PPS is not a PPS NAL unit';
  const sps = parseH265Sps(spsNal);
  if (typeof sps === 'string') return sps;
  const sets = [vps, spsNal, pps];
  if (sets.some((s) => s.length > 0xffff)) return 'parameter set longer than 65535 bytes';
  const hvcc = Buffer.alloc(23 + sets.reduce((n, s) => n + 5 + s.length, 0));
  const { ptl } = sps;
  let o = 0;
  hvcc[o++] = 1;
  hvcc[o++] = (ptl.profileSpace << 6) | (ptl.tier << 5) | ptl.profileIdc;
  o = hvcc.writeUInt32BE(ptl.compatibility >>> 0, o);
  hvcc.set(ptl.constraints, o);
  o += 6;
  hvcc[o++] = ptl.levelIdc;
  o = hvcc.writeUInt16BE(0xf000, o); // min_spatial_segmentation_idc 0
  hvcc[o++] = 0xfc; // parallelismType 0
  hvcc[o++] = 0xfc | sps.chromaFormatIdc;
  hvcc[o++] = 0xf8 | ((sps.bitDepthLuma - 8) & 7);
  hvcc[o++] = 0xf8 | ((sps.bitDepthChroma - 8) & 7);
  o = hvcc.writeUInt16BE(0, o); // avgFrameRate
  hvcc[o++] = ((sps.maxSubLayers & 7) << 3) | (sps.temporalIdNesting ? 4 : 0) | 3; // lengthSizeMinusOne 3
  hvcc[o++] = 3; // numOfArrays
  sets.forEach((s, k) => {
    hvcc[o++] = 0x80 | (32 + k); // array_completeness 1, NAL type
    o = hvcc.writeUInt16BE(1, o);
    o = hvcc.writeUInt16BE(s.length, o);
    hvcc.set(s, o);
    o += s.length;
  });
  const params: VideoParameters = {
    kind: 'video',
    codec: 'h265',
    rfc6381Codec: hevcCodecString(ptl),
    width: sps.width,
    height: sps.height,
    profile: PROFILE_NAMES[ptl.profileIdc] ?? `profile ${ptl.profileIdc}`,
    level: levelName(ptl.levelIdc),
    extraData: hvcc,
  };
  if (sps.pixelAspectRatio) params.pixelAspectRatio = sps.pixelAspectRatio;
  if (sps.frameRate !== undefined) params.frameRate = sps.frameRate;
  return params;
}
