// H.264 in WebRTC: the camera's decoder configuration (avcC) gives the profile-level-id to
// answer with and the SPS/PPS to send in band in front of each key frame (browsers ignore
// sprop-parameter-sets). Pure functions over bytes.

export interface AvcConfig {
  /** Six hex digits: profile_idc, constraint flags, level_idc (as in the SPS). */
  profileLevelId: string;
  /** Bytes of each NAL unit length prefix in the frames (1, 2 or 4). */
  lengthSize: number;
  /** SPS then PPS NAL units, each without a prefix. */
  parameterSets: Buffer[];
}

/** Reads an avcC record (ISO/IEC 14496-15); undefined when it is malformed. */
export function parseAvcC(avcc: Uint8Array): AvcConfig | undefined {
  if (avcc.length < 7 || avcc[0] !== 1) return undefined;
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  const profileLevelId = hex(avcc[1]!) + hex(avcc[2]!) + hex(avcc[3]!);
  const lengthSize = (avcc[4]! & 3) + 1;
  if (lengthSize === 3) return undefined;
  const sets: Buffer[] = [];
  let o = 6;
  const readSets = (count: number): boolean => {
    for (let i = 0; i < count; i++) {
      if (o + 2 > avcc.length) return false;
      const len = (avcc[o]! << 8) | avcc[o + 1]!;
      o += 2;
      if (len === 0 || o + len > avcc.length) return false;
      sets.push(Buffer.from(avcc.subarray(o, o + len)));
      o += len;
    }
    return true;
  };
  if (!readSets(avcc[5]! & 0x1f)) return undefined;
  if (o >= avcc.length || !readSets(avcc[o++]!)) return undefined;
  return { profileLevelId, lengthSize, parameterSets: sets };
}

/** The parameter sets as one length-prefixed run (4-byte lengths), to put before a key frame. */
export function parameterSetPrefix(config: AvcConfig): Buffer {
  let total = 0;
  for (const s of config.parameterSets) total += 4 + s.length;
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  for (const s of config.parameterSets) {
    out.writeUInt32BE(s.length, o);
    s.copy(out, o + 4);
    o += 4 + s.length;
  }
  return out;
}

/**
 * The profile a profile-level-id names, as RFC 6184 / libwebrtc compare them: profile_idc and
 * the constraint flags that change it (Constrained Baseline is Baseline with constraint_set1).
 */
export function h264ProfileOf(profileLevelId: string): string | undefined {
  if (!/^[0-9a-fA-F]{6}$/.test(profileLevelId)) return undefined;
  const idc = Number.parseInt(profileLevelId.slice(0, 2), 16);
  const iop = Number.parseInt(profileLevelId.slice(2, 4), 16);
  switch (idc) {
    case 66:
      return iop & 0x40 ? 'constrained-baseline' : 'baseline';
    case 77:
      return iop & 0x80 ? 'constrained-baseline' : 'main';
    case 88:
      return iop & 0x80 ? 'constrained-baseline' : 'extended';
    case 100:
      return iop & 0x0c ? 'constrained-high' : 'high';
    default:
      return `idc-${idc}`;
  }
}
