// RTSP/1.0 messages: types, a writer and an incremental reader. The reader takes the TCP
// byte stream (requests, responses and `$`-interleaved binary frames, with stray CR/LF
// between them) and hands each item to a sink: no per-packet objects or closures, interleaved
// payloads are views into the received chunks when they lie in one. Pure: no I/O here.
import { ChunkQueue } from './chunk-queue';
import { RtspError } from './error';

/** Header fields in received order; names compared case-insensitively. */
export class RtspHeaders {
  readonly entries: Array<[string, string]> = [];

  constructor(init?: Iterable<[string, string]> | Record<string, string>) {
    if (init === undefined) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [k, v] of pairs as Iterable<[string, string]>) this.entries.push([k, v]);
  }

  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of this.entries) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (const [k, v] of this.entries) if (k.toLowerCase() === lower) out.push(v);
    return out;
  }

  set(name: string, value: string): this {
    const lower = name.toLowerCase();
    const i = this.entries.findIndex(([k]) => k.toLowerCase() === lower);
    if (i >= 0) this.entries[i] = [name, value];
    else this.entries.push([name, value]);
    return this;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

export interface RtspRequest {
  kind: 'request';
  method: string;
  url: string;
  headers: RtspHeaders;
  body: Buffer;
  /** Byte offset of the message's first byte in the connection's stream. */
  offset: number;
}

export interface RtspResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: RtspHeaders;
  body: Buffer;
  offset: number;
}

export type RtspMessage = RtspRequest | RtspResponse;

/** Where the reader delivers what it reads. */
export interface RtspSink {
  message(msg: RtspMessage): void;
  /** An interleaved frame. `payload` is valid after the call only if kept (it is a view). */
  data(channel: number, payload: Buffer, offset: number): void;
  /** Framing error: the stream cannot be followed any more; the reader stops. */
  error(err: RtspError): void;
}

export interface ReaderLimits {
  /** Largest header block, bytes. */
  maxHeader?: number;
  /** Largest body, bytes. */
  maxBody?: number;
}

const DEFAULT_MAX_HEADER = 64 * 1024;
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/** Incremental reader over the RTSP byte stream. Never throws on input; errors go to the sink. */
export class RtspReader {
  private readonly q = new ChunkQueue();
  private failed = false;
  /** A parsed header block waiting for its body. */
  private pending: { msg: RtspMessage; bodyLength: number } | undefined;
  private readonly maxHeader: number;
  private readonly maxBody: number;
  /** CR/LF bytes skipped between messages (noise some cameras send). */
  noiseBytes = 0;

  constructor(
    private readonly sink: RtspSink,
    limits: ReaderLimits = {},
  ) {
    this.maxHeader = limits.maxHeader ?? DEFAULT_MAX_HEADER;
    this.maxBody = limits.maxBody ?? DEFAULT_MAX_BODY;
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.q.offset;
  }

  /** Bytes buffered but not yet a whole item. */
  get buffered(): number {
    return this.q.length;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /**
   * Feeds received bytes. With `volatile`, the caller will reuse `chunk`'s memory after the
   * call (a static read buffer): leftover bytes are copied, and interleaved payloads handed
   * to the sink are valid only during the sink call.
   */
  push(chunk: Buffer, volatile = false): void {
    if (this.failed) return;
    this.q.push(chunk);
    this.drain();
    if (volatile) this.q.detach();
  }

  private drain(): void {
    const q = this.q;
    while (!this.failed) {
      if (this.pending !== undefined) {
        if (q.length < this.pending.bodyLength) return;
        const { msg, bodyLength } = this.pending;
        this.pending = undefined;
        msg.body = bodyLength === 0 ? EMPTY : Buffer.from(q.take(bodyLength));
        this.sink.message(msg);
        continue;
      }
      if (q.length === 0) return;
      const b = q.byteAt(0);
      if (b === 0x0d || b === 0x0a) {
        q.skip(1);
        this.noiseBytes++;
        continue;
      }
      if (b === 0x24 /* $ */) {
        if (q.length < 4) return;
        const channel = q.byteAt(1);
        const len = (q.byteAt(2) << 8) | q.byteAt(3);
        if (q.length < 4 + len) return;
        const offset = q.offset;
        q.skip(4);
        const payload = q.take(len);
        this.sink.data(channel, payload, offset);
        continue;
      }
      if (!this.readHeader()) return;
    }
  }

  /** Reads one header block; false when more bytes are needed. */
  private readHeader(): boolean {
    const q = this.q;
    // A message starts with "RTSP/" (response) or an upper-case method token.
    const first = q.byteAt(0);
    if (!(first >= 0x41 && first <= 0x5a) && first !== 0x5f) {
      this.fail(
        `unexpected byte 0x${first.toString(16).padStart(2, '0')} where an RTSP message or $ frame should start`,
      );
      return false;
    }
    const end = q.findHeaderEnd(this.maxHeader);
    if (end < 0) {
      if (q.length >= this.maxHeader) this.fail(`header block longer than ${this.maxHeader} bytes`);
      return false;
    }
    const offset = q.offset;
    const text = q.take(end).toString('latin1');
    const parsed = parseHead(text, offset);
    if (parsed instanceof RtspError) {
      this.failWith(parsed);
      return false;
    }
    const cl = parsed.headers.get('content-length');
    let bodyLength = 0;
    if (cl !== undefined) {
      const t = cl.trim();
      if (!/^\d{1,10}$/.test(t)) {
        this.fail(`bad Content-Length ${JSON.stringify(cl)}`, offset);
        return false;
      }
      bodyLength = Number(t);
      if (bodyLength > this.maxBody) {
        this.fail(`body of ${bodyLength} bytes exceeds ${this.maxBody}`, offset);
        return false;
      }
    }
    this.pending = { msg: parsed, bodyLength };
    return true;
  }

  private fail(description: string, offset = this.q.offset): void {
    this.failWith(new RtspError('framing', description, { offset }));
  }

  private failWith(err: RtspError): void {
    this.failed = true;
    this.sink.error(err);
  }
}

const EMPTY = Buffer.alloc(0);

/** Parses a header block (start line + fields, with the blank line). */
export function parseHead(text: string, offset: number): RtspMessage | RtspError {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const start = lines[0] ?? '';
  const headers = new RtspHeaders();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.entries.length > 0) {
      // obsolete line folding
      const last = headers.entries[headers.entries.length - 1]!;
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      return new RtspError('framing', `malformed header line ${JSON.stringify(line.slice(0, 80))}`, {
        offset,
      });
    headers.entries.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  if (start.startsWith('RTSP/')) {
    const m = /^RTSP\/(\d)\.(\d) +(\d{3})(?: (.*))?$/.exec(start);
    if (!m)
      return new RtspError('framing', `malformed status line ${JSON.stringify(start.slice(0, 80))}`, {
        offset,
      });
    return { kind: 'response', status: Number(m[3]), reason: m[4] ?? '', headers, body: EMPTY, offset };
  }
  const m = /^([A-Z_][A-Z0-9_-]*) +(\S+) +RTSP\/\d\.\d$/.exec(start);
  if (!m)
    return new RtspError('framing', `malformed request line ${JSON.stringify(start.slice(0, 80))}`, {
      offset,
    });
  return { kind: 'request', method: m[1]!, url: m[2]!, headers, body: EMPTY, offset };
}

/** Serializes a request. Header values must not contain CR/LF (checked). */
export function writeRequest(method: string, url: string, headers: RtspHeaders, body?: Buffer): Buffer {
  let head = `${method} ${url} RTSP/1.0\r\n`;
  for (const [k, v] of headers.entries) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v))
      throw new RtspError('protocol', `header ${k} contains a line break`);
    head += `${k}: ${v}\r\n`;
  }
  if (body && body.length > 0 && !headers.has('content-length')) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const h = Buffer.from(head, 'latin1');
  return body && body.length > 0 ? Buffer.concat([h, body]) : h;
}

/** Serializes a response (used by tests' scripted servers and to answer server requests). */
export function writeResponse(status: number, reason: string, headers: RtspHeaders, body?: Buffer): Buffer {
  let head = `RTSP/1.0 ${status} ${reason}\r\n`;
  for (const [k, v] of headers.entries) head += `${k}: ${v}\r\n`;
  if (body && body.length > 0 && !headers.has('content-length')) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const h = Buffer.from(head, 'latin1');
  return body && body.length > 0 ? Buffer.concat([h, body]) : h;
}

/** Serializes one interleaved frame. */
export function writeInterleaved(channel: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out[0] = 0x24;
  out[1] = channel & 0xff;
  out.writeUInt16BE(payload.length, 2);
  payload.copy(out, 4);
  return out;
}

/** CSeq of a message, tolerating trailing whitespace (Longse); undefined if absent or bad. */
export function cseqOf(msg: RtspMessage): number | undefined {
  const v = msg.headers.get('cseq');
  if (v === undefined) return undefined;
  const t = v.trim();
  if (!/^\d{1,10}$/.test(t)) return undefined;
  return Number(t);
}
