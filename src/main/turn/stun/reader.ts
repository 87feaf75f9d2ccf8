// Zero-copy STUN message reader. One reader is reused for every packet: `reset(buf)` indexes
// the attributes into typed arrays (type, value offset, value length) without allocating, and
// accessors read values in place. The reader never throws on input: `reset` returns null when
// the bytes are a well-formed STUN message, or the reason they are not.
import { crc32 } from 'node:zlib';
import { Attr, classOf, FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE, methodOf } from './constants';

/** Why bytes are not a usable STUN message (each is a counted drop, never an exception). */
export type StunDecodeError =
  | 'stun-short'
  | 'stun-not-stun'
  | 'stun-length'
  | 'stun-attribute-overflow'
  | 'stun-too-many-attributes'
  | 'stun-bad-fingerprint';

export const MAX_ATTRIBUTES = 48;
const EMPTY = Buffer.alloc(0);

export class StunReader {
  buf: Buffer = EMPTY;
  type = 0;
  method = 0;
  cls = 0;
  /** Body length from the header (bytes after the 20-byte header). */
  length = 0;
  count = 0;
  /** Index of MESSAGE-INTEGRITY / MESSAGE-INTEGRITY-SHA256 / FINGERPRINT, or -1. */
  integrity = -1;
  integritySha256 = -1;
  fingerprint = -1;
  readonly types = new Uint16Array(MAX_ATTRIBUTES);
  /** Offset of the attribute header (the value starts 4 bytes later). */
  readonly offsets = new Int32Array(MAX_ATTRIBUTES);
  readonly lengths = new Uint16Array(MAX_ATTRIBUTES);

  /** Indexes `buf`, which must hold exactly one message. */
  reset(buf: Buffer): StunDecodeError | null {
    this.buf = buf;
    this.count = 0;
    this.integrity = -1;
    this.integritySha256 = -1;
    this.fingerprint = -1;
    if (buf.length < HEADER_LENGTH) return 'stun-short';
    if ((buf[0]! & 0xc0) !== 0 || buf.readUInt32BE(4) !== MAGIC_COOKIE) return 'stun-not-stun';
    const length = buf.readUInt16BE(2);
    if ((length & 3) !== 0 || HEADER_LENGTH + length !== buf.length) return 'stun-length';
    this.type = buf.readUInt16BE(0);
    this.method = methodOf(this.type);
    this.cls = classOf(this.type);
    this.length = length;
    let pos = HEADER_LENGTH;
    const end = buf.length;
    while (pos < end) {
      if (pos + 4 > end) return 'stun-attribute-overflow';
      const type = buf.readUInt16BE(pos);
      const len = buf.readUInt16BE(pos + 2);
      const next = pos + 4 + ((len + 3) & ~3);
      if (next > end) return 'stun-attribute-overflow';
      // After MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count; after
      // FINGERPRINT nothing does (RFC 8489 §14.5, §14.6, §14.7).
      let counts: boolean;
      if (this.fingerprint >= 0) counts = false;
      else if (this.integritySha256 >= 0) counts = type === Attr.FINGERPRINT;
      else if (this.integrity >= 0)
        counts = type === Attr.FINGERPRINT || type === Attr.MESSAGE_INTEGRITY_SHA256;
      else counts = true;
      if (counts) {
        if (this.count >= MAX_ATTRIBUTES) return 'stun-too-many-attributes';
        const i = this.count++;
        this.types[i] = type;
        this.offsets[i] = pos;
        this.lengths[i] = len;
        if (type === Attr.MESSAGE_INTEGRITY) this.integrity = i;
        else if (type === Attr.MESSAGE_INTEGRITY_SHA256) this.integritySha256 = i;
        else if (type === Attr.FINGERPRINT) this.fingerprint = i;
      }
      pos = next;
    }
    if (this.fingerprint >= 0) {
      const off = this.offsets[this.fingerprint]!;
      if (this.lengths[this.fingerprint] !== 4) return 'stun-bad-fingerprint';
      const expected = (crc32(buf.subarray(0, off)) ^ FINGERPRINT_XOR) >>> 0;
      if (buf.readUInt32BE(off + 4) !== expected) return 'stun-bad-fingerprint';
    }
    return null;
  }

  /** Index of the first attribute of `type`, or -1. */
  find(type: number): number {
    for (let i = 0; i < this.count; i++) if (this.types[i] === type) return i;
    return -1;
  }
  has(type: number): boolean {
    return this.find(type) >= 0;
  }
  valueOffset(i: number): number {
    return this.offsets[i]! + 4;
  }
  valueLength(i: number): number {
    return this.lengths[i]!;
  }
  /** The value bytes of attribute `i` (a view, not a copy). */
  value(i: number): Buffer {
    const off = this.offsets[i]! + 4;
    return this.buf.subarray(off, off + this.lengths[i]!);
  }
  /** The 12-byte transaction id (a view). */
  transactionId(): Buffer {
    return this.buf.subarray(8, 20);
  }
  /**
   * Comprehension-required attribute types not in `known`, in message order, deduplicated.
   * Allocates only when there is one (the 420 path).
   */
  unknownRequired(known: ReadonlySet<number>): number[] | undefined {
    let out: number[] | undefined;
    for (let i = 0; i < this.count; i++) {
      const t = this.types[i]!;
      if (t < 0x8000 && !known.has(t)) {
        out ??= [];
        if (!out.includes(t)) out.push(t);
      }
    }
    return out;
  }
}
