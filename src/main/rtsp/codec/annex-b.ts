// Annex B byte-stream helpers (ITU-T H.264 Annex B): start-code search for payloads that
// carry start codes (a camera quirk) and the base64 parameter-set lists of SDP fmtp lines.

const START_CODE = Buffer.from([0, 0, 1]);

/** Index of the next `00 00 01` in `p[from, to)`, or -1. Searches for the rarer 01 byte. */
export function findStartCode(p: Buffer, from: number, to: number): number {
  let i = from + 2;
  while (i < to) {
    const one = p.indexOf(1, i);
    if (one < 0 || one >= to) return -1;
    if (p[one - 1] === 0 && p[one - 2] === 0) return one - 2;
    i = one + 1;
  }
  return -1;
}

/** Decodes a base64 parameter-set list (sprop-*), splitting stray Annex B start codes. */
export function decodeParameterSets(value: string): Buffer[] | string {
  const out: Buffer[] = [];
  for (const part of value.split(',')) {
    const b64 = part.trim();
    if (b64 === '') continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return `invalid base64 '${b64.slice(0, 40)}'`;
    const bytes = Buffer.from(b64, 'base64');
    // GW Security appends 00 00 00 01 to each NAL unit; split on start codes, trim zeros.
    let i = 0;
    while (i < bytes.length) {
      let sc = bytes.indexOf(START_CODE, i);
      if (sc < 0) sc = bytes.length;
      let end = sc;
      while (end > i && bytes[end - 1] === 0) end--;
      if (end > i) out.push(bytes.subarray(i, end));
      i = sc + 3;
    }
  }
  return out;
}
