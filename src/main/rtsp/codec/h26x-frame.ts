// Serialises a finished H.264 / H.265 access unit from the assembler's arena into one frame
// buffer, length-prefixed or Annex B, with parameter sets inserted in front of key frames
// when asked. Pure over bytes; runs once per access unit, never per packet.
import type { NalArena } from './nal-arena';
import type { NalFraming } from './types';

const ANNEX_B_PREFIX = Buffer.from([0, 0, 0, 1]);

/**
 * Writes NAL units [0, count) of `a`, with `sets[k]` for each bit k of `insertMask` (after the
 * first NAL unit when `audFirst`: it is an access unit delimiter and parameter sets are being
 * inserted). One allocation of the exact size, then one copy per NAL unit.
 */
export function writeAccessUnit(
  a: NalArena,
  count: number,
  sets: readonly (Buffer | undefined)[],
  insertMask: number,
  audFirst: boolean,
  framing: NalFraming,
): Buffer {
  const starts = a.starts;
  const ends = a.ends;
  let total = 4 * count;
  for (let i = 0; i < count; i++) total += ends[i]! - starts[i]!;
  if (insertMask) {
    for (let k = 0; k < sets.length; k++) if (insertMask & (1 << k)) total += 4 + sets[k]!.length;
  }
  const out = Buffer.allocUnsafe(total);
  const annexB = framing === 'annex-b';
  let o = 0;
  let i = 0;
  // Inserted parameter sets go after a leading access unit delimiter.
  if (audFirst) {
    o = writeNal(out, o, a.buf, starts[0]!, ends[0]!, annexB);
    i = 1;
  }
  if (insertMask) {
    for (let k = 0; k < sets.length; k++) {
      const s = sets[k]!;
      if (insertMask & (1 << k)) o = writeNal(out, o, s, 0, s.length, annexB);
    }
  }
  for (; i < count; i++) o = writeNal(out, o, a.buf, starts[i]!, ends[i]!, annexB);
  return out;
}

function writeNal(out: Buffer, o: number, src: Buffer, s: number, e: number, annexB: boolean): number {
  if (annexB) ANNEX_B_PREFIX.copy(out, o);
  else out.writeUInt32BE(e - s, o);
  src.copy(out, o + 4, s, e);
  return o + 4 + e - s;
}
