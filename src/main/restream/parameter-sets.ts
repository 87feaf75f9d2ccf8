// Parameter sets as a server needs them: the NAL units inside an avcC / hvcC record (the
// depacketizer's `extraData`), for the SDP's sprop-* and for key frames that arrive without
// them in-band (a camera that gives them only in its SDP). Any bytes: a record that does not
// parse gives no sets, never an exception.

export type H26xCodec = 'h264' | 'h265';

/** The SPS/PPS (H.264) or VPS/SPS/PPS (H.265) NAL units of a decoder configuration record. */
export function parameterSetsOf(codec: H26xCodec, record: Uint8Array): Buffer[] {
  const b = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const out: Buffer[] = [];
  let o: number;
  const take = (): boolean => {
    if (o + 2 > b.length) return false;
    const len = b.readUInt16BE(o);
    if (o + 2 + len > b.length || len === 0) return false;
    out.push(Buffer.from(b.subarray(o + 2, o + 2 + len)));
    o += 2 + len;
    return true;
  };
  if (codec === 'h264') {
    if (b.length < 7) return [];
    o = 6;
    const sps = b[5]! & 0x1f;
    for (let i = 0; i < sps; i++) if (!take()) return [];
    if (o >= b.length) return [];
    const pps = b[o++]!;
    for (let i = 0; i < pps; i++) if (!take()) return [];
    return out;
  }
  if (b.length < 23) return [];
  const arrays = b[22]!;
  o = 23;
  for (let a = 0; a < arrays; a++) {
    if (o + 3 > b.length) return [];
    const count = b.readUInt16BE(o + 1);
    o += 3;
    for (let i = 0; i < count; i++) if (!take()) return [];
  }
  return out;
}

export function nalType(codec: H26xCodec, nal: Uint8Array): number {
  return codec === 'h264' ? nal[0]! & 0x1f : (nal[0]! >> 1) & 0x3f;
}

/** NAL units of a length-prefixed (4-byte) access unit, as views; stops at a bad length. */
export function nalUnitsOf(au: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let o = 0;
  while (o + 4 <= au.length) {
    const len = au.readUInt32BE(o);
    if (len === 0 || o + 4 + len > au.length) break;
    out.push(au.subarray(o + 4, o + 4 + len));
    o += 4 + len;
  }
  return out;
}

function isParameterSet(codec: H26xCodec, type: number): boolean {
  return codec === 'h264' ? type === 7 || type === 8 : type >= 32 && type <= 34;
}

/** The key frame's NAL units, with the sets put in front when it carries none itself. */
export function keyFrameNalUnits(codec: H26xCodec, nals: Buffer[], sets: readonly Buffer[]): Buffer[] {
  if (sets.length === 0 || nals.some((n) => isParameterSet(codec, nalType(codec, n)))) return nals;
  return [...sets, ...nals];
}

/** fmtp for the SDP: sprop-parameter-sets (H.264) or sprop-vps/sps/pps (H.265). */
export function spropFmtp(codec: H26xCodec, sets: readonly Buffer[]): string[] {
  if (codec === 'h264') {
    if (sets.length === 0) return [];
    const out = [`sprop-parameter-sets=${sets.map((s) => s.toString('base64')).join(',')}`];
    const sps = sets.find((s) => nalType(codec, s) === 7);
    if (sps && sps.length >= 4) out.unshift(`profile-level-id=${sps.subarray(1, 4).toString('hex')}`);
    return out;
  }
  const names: Record<number, string> = { 32: 'sprop-vps', 33: 'sprop-sps', 34: 'sprop-pps' };
  const out: string[] = [];
  for (const type of [32, 33, 34]) {
    const of = sets.filter((s) => nalType(codec, s) === type);
    if (of.length > 0) out.push(`${names[type]}=${of.map((s) => s.toString('base64')).join(',')}`);
  }
  return out;
}
