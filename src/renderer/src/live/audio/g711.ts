// G.711 (ITU-T G.711) µ-law and A-law to linear PCM, as Float32 samples in [-1, 1): the two
// 256-entry tables are built once. Browsers have no G.711 decoder in WebCodecs, and these are
// the codecs cameras send most after AAC.
function muLawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function aLawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

const MU = new Float32Array(256);
const A = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  MU[i] = muLawToLinear(i) / 32768;
  A[i] = aLawToLinear(i) / 32768;
}

/** Decodes one G.711 frame (one byte per sample, mono). */
export function decodeG711(
  law: 'pcmu' | 'pcma',
  bytes: Uint8Array,
  out = new Float32Array(bytes.length),
): Float32Array {
  const table = law === 'pcmu' ? MU : A;
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}
