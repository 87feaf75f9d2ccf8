// STUN message writer over one reusable scratch buffer. `begin` starts a message, attribute
// encoders append (header, value, zero padding), `finish` returns an exact-size copy the caller
// may keep. Integrity and fingerprint are appended last, in that order (RFC 8489 §14.5-14.7).
import { createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Attr, FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE } from './constants';

const MAX_MESSAGE = HEADER_LENGTH + 0xffff;

export class StunWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.alloc(capacity);
  }

  begin(type: number, transactionId: Uint8Array): this {
    this.pos = HEADER_LENGTH;
    this.buf.writeUInt16BE(type, 0);
    this.buf.writeUInt16BE(0, 2);
    this.buf.writeUInt32BE(MAGIC_COOKIE, 4);
    this.buf.set(transactionId.subarray(0, 12), 8);
    return this;
  }

  /** Bytes written so far, including the header. */
  get size(): number {
    return this.pos;
  }

  /** Appends an attribute header and reserves `len` zeroed value bytes (plus padding); returns the value offset. */
  attr(type: number, len: number): number {
    const padded = (len + 3) & ~3;
    this.ensure(4 + padded);
    const b = this.buf;
    b.writeUInt16BE(type, this.pos);
    b.writeUInt16BE(len, this.pos + 2);
    const off = this.pos + 4;
    b.fill(0, off, off + padded);
    this.pos = off + padded;
    this.setLength(this.pos);
    return off;
  }

  /** The scratch buffer, for encoders that fill a value reserved with `attr`. */
  get bytes(): Buffer {
    return this.buf;
  }

  empty(type: number): this {
    this.attr(type, 0);
    return this;
  }
  u32(type: number, v: number): this {
    const off = this.attr(type, 4);
    this.buf.writeUInt32BE(v >>> 0, off);
    return this;
  }
  raw(type: number, src: Uint8Array): this {
    const off = this.attr(type, src.length);
    this.buf.set(src, off);
    return this;
  }
  utf8(type: number, s: string): this {
    const len = Buffer.byteLength(s, 'utf8');
    const off = this.attr(type, len);
    this.buf.write(s, off, len, 'utf8');
    return this;
  }

  /** MESSAGE-INTEGRITY (HMAC-SHA1 over the message so far, length covering this attribute). */
  integrity(key: Uint8Array): this {
    this.setLength(this.pos + 24);
    const mac = createHmac('sha1', key).update(this.buf.subarray(0, this.pos)).digest();
    return this.raw(Attr.MESSAGE_INTEGRITY, mac);
  }

  /** MESSAGE-INTEGRITY-SHA256 (full 32-byte HMAC-SHA256). */
  integritySha256(key: Uint8Array): this {
    this.setLength(this.pos + 36);
    const mac = createHmac('sha256', key).update(this.buf.subarray(0, this.pos)).digest();
    return this.raw(Attr.MESSAGE_INTEGRITY_SHA256, mac);
  }

  fingerprint(): this {
    this.setLength(this.pos + 8);
    const v = (crc32(this.buf.subarray(0, this.pos)) ^ FINGERPRINT_XOR) >>> 0;
    return this.u32(Attr.FINGERPRINT, v);
  }

  /** An exact-size copy of the message. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private setLength(end: number): void {
    this.buf.writeUInt16BE(end - HEADER_LENGTH, 2);
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need > MAX_MESSAGE) throw new RangeError(`STUN message would exceed ${MAX_MESSAGE} bytes`);
    if (need <= this.buf.length) return;
    const next = Buffer.alloc(Math.min(MAX_MESSAGE, Math.max(need, this.buf.length * 2)));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
