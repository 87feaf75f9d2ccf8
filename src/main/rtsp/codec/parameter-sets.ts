// Parameter-set tracking for H.264 / H.265: the current SPS/PPS (VPS) per slot, change
// detection against those seen in each access unit, and the decision to insert them into key
// frames (DepacketizerOptions.parameterSets). Only touched per access unit, never per packet.
import type { ParameterSetInsertion, VideoParameters } from './types';

export type BuildParameters = (sets: readonly Buffer[]) => VideoParameters | string;

export class ParameterSets {
  parameters: VideoParameters | undefined;
  /** The latest parameter set per slot (possibly before all slots are known). */
  readonly sets: (Buffer | undefined)[];
  private readonly candidates: (Buffer | undefined)[];
  private changed = false;
  /** The current sets have been delivered in a frame since they last changed. */
  private emitted = false;

  constructor(
    private readonly slotCount: number,
    private readonly build: BuildParameters,
    initialSets?: Buffer[],
    initialParameters?: VideoParameters,
  ) {
    this.sets = initialSets?.slice() ?? new Array(slotCount).fill(undefined);
    this.candidates = new Array(slotCount).fill(undefined);
    this.parameters = initialParameters;
  }

  /** Notes parameter set `buf[s, e)` of `slot` seen in the access unit being finished. */
  observe(slot: number, buf: Buffer, s: number, e: number): void {
    const cur = this.candidates[slot] ?? this.sets[slot];
    if (cur === undefined || buf.compare(cur, 0, cur.length, s, e) !== 0) {
      this.candidates[slot] = Buffer.from(buf.subarray(s, e));
      this.changed = true;
    }
  }

  /**
   * Adopts the sets observed since the last commit. Returns true when the parameters changed,
   * false when not, or why the new sets were rejected (the previous ones then stay).
   */
  commit(): boolean | string {
    if (!this.changed) return false;
    this.changed = false;
    const merged = this.sets.map((s, k) => this.candidates[k] ?? s);
    this.candidates.fill(undefined);
    let result = false;
    if (merged.every((s) => s !== undefined)) {
      const p = this.build(merged as Buffer[]);
      if (typeof p === 'string') return p;
      this.parameters = p;
      this.emitted = false;
      result = true;
    }
    for (let k = 0; k < merged.length; k++) this.sets[k] = merged[k];
    return result;
  }

  /**
   * Slots to insert in front of a random access point that carries `present` (a bit mask of
   * slots) in-band: all missing ones at each key frame, or only until the current sets have
   * been delivered once ('on-change'), or none.
   */
  insertMask(present: number, mode: ParameterSetInsertion): number {
    if (!this.parameters) return 0;
    const all = (1 << this.slotCount) - 1;
    if (present === all) {
      this.emitted = true;
      return 0;
    }
    if (mode === 'each-key-frame' || (mode === 'on-change' && !this.emitted)) {
      this.emitted = true;
      return all & ~present;
    }
    return 0;
  }
}
