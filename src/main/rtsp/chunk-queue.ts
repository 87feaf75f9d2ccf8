// A queue of received chunks read as one byte stream. Reads that fit in one chunk return a
// view (no copy); only a read that spans chunks copies. `offset` counts bytes consumed since
// the start of the stream, for error messages.

const EMPTY = Buffer.alloc(0);

export class ChunkQueue {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk in `chunks`. */
  private head = 0;
  /** Read position inside `chunks[head]`. */
  private pos = 0;
  /** Bytes available. */
  length = 0;
  /** Bytes consumed since the stream began. */
  offset = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The byte at `i` (0 <= i < length) from the read position. */
  byteAt(i: number): number {
    let c = this.head;
    let at = this.pos + i;
    for (;;) {
      const chunk = this.chunks[c];
      if (chunk === undefined) return -1;
      if (at < chunk.length) return chunk[at]!;
      at -= chunk.length;
      c++;
    }
  }

  /**
   * Index (from the read position) of the first `\r\n\r\n` or `\n\n` at or after `from`,
   * searching no further than `limit` bytes; the returned value is the index just past the
   * terminator, or -1.
   */
  findHeaderEnd(limit: number): number {
    const end = Math.min(this.length, limit);
    let c = this.head;
    let at = this.pos;
    // last three bytes seen, newest in the low byte
    let window = 0;
    for (let i = 0; i < end; i++) {
      let chunk = this.chunks[c]!;
      while (at >= chunk.length) {
        c++;
        at = 0;
        chunk = this.chunks[c]!;
      }
      const b = chunk[at++]!;
      window = ((window << 8) | b) & 0xffffffff;
      if (b === 0x0a) {
        if ((window & 0xffff) === 0x0a0a) return i + 1;
        if (window === 0x0d0a0d0a) return i + 1;
      }
    }
    return -1;
  }

  /** Takes `n` bytes (n <= length): a view when they lie in one chunk, else a copy. */
  take(n: number): Buffer {
    if (n === 0) return EMPTY;
    const first = this.chunks[this.head]!;
    if (this.pos + n <= first.length) {
      const view = first.subarray(this.pos, this.pos + n);
      this.advance(n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head]!;
      const count = Math.min(chunk.length - this.pos, n - filled);
      chunk.copy(out, filled, this.pos, this.pos + count);
      filled += count;
      this.advance(count);
    }
    return out;
  }

  /**
   * Copies the unread bytes into memory the queue owns. Call before the caller reuses a buffer
   * it pushed (a static read buffer): only a partial message remains, so this is small.
   */
  detach(): void {
    if (this.length === 0) return;
    const owned = Buffer.allocUnsafe(this.length);
    let filled = 0;
    for (let c = this.head; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const from = c === this.head ? this.pos : 0;
      chunk.copy(owned, filled, from);
      filled += chunk.length - from;
    }
    this.chunks = [owned];
    this.head = 0;
    this.pos = 0;
  }

  /** Drops `n` bytes (n <= length). */
  skip(n: number): void {
    while (n > 0) {
      const chunk = this.chunks[this.head]!;
      const count = Math.min(chunk.length - this.pos, n);
      this.advance(count);
      n -= count;
    }
  }

  private advance(n: number): void {
    this.pos += n;
    this.length -= n;
    this.offset += n;
    const chunk = this.chunks[this.head];
    if (chunk !== undefined && this.pos >= chunk.length) {
      this.chunks[this.head] = undefined as unknown as Buffer;
      this.head++;
      this.pos = 0;
      if (this.head > 64 && this.head * 2 > this.chunks.length) {
        this.chunks = this.chunks.slice(this.head);
        this.head = 0;
      } else if (this.head === this.chunks.length) {
        this.chunks.length = 0;
        this.head = 0;
      }
    }
  }
}
