// One error class for the whole RTSP client, with a machine-readable `kind` and structured
// context. Codecs create lean errors (kind + message); the session layer adds what only it
// knows (connection, stream, channel, SSRC, sequence, message position) via `withContext`.

export type RtspErrorKind =
  | 'auth' // 401 after our one retry, or credentials refused
  | 'not-found' // 404 / 454 on DESCRIBE or SETUP
  | 'unsupported-transport' // 461
  | 'timeout' // connect, response, keepalive or between-frames timeout
  | 'framing' // the byte stream is not RTSP / interleaved data we can follow
  | 'protocol' // a well-framed message that breaks the protocol (bad CSeq, no Session, ...)
  | 'codec' // a depacketizer could not make sense of a payload
  | 'network' // socket error, connection refused / reset / closed
  | 'tls' // certificate check failed, handshake failed
  | 'server' // 5xx and other unexpected status codes
  | 'redirect' // too many redirects, or a redirect to an unsupported scheme
  | 'closed' // the caller closed the session
  | 'unsupported' // nothing offered can be played (no decodable stream, multicast only)
  | 'ended' // the server ended the session: RTCP BYE on every stream
  | 'stale-session'; // unexpected interleaved data from a stale session (live555 bug)

export interface RtspErrorContext {
  /** `local -> peer` of the TCP connection, when established. */
  connection?: string;
  /** Byte offset in the connection's read stream of the message concerned. */
  offset?: number;
  /** Wall-clock time (ms since epoch) the message concerned was received. */
  at?: number;
  url?: string;
  method?: string;
  status?: number;
  streamIndex?: number;
  channel?: number;
  ssrc?: number;
  sequence?: number;
}

export class RtspError extends Error {
  override name = 'RtspError';
  constructor(
    readonly kind: RtspErrorKind,
    /** The bare description, without context; `message` adds the context. */
    readonly description: string,
    readonly context: RtspErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(formatMessage(description, context), options);
  }

  /** A copy with more context (existing fields win: the innermost layer knew best). */
  withContext(more: RtspErrorContext): RtspError {
    return new RtspError(this.kind, this.description, { ...more, ...this.context }, { cause: this.cause });
  }

  toJSON(): { kind: RtspErrorKind; message: string; context: RtspErrorContext } {
    return { kind: this.kind, message: this.message, context: this.context };
  }
}

function formatMessage(description: string, c: RtspErrorContext): string {
  const parts: string[] = [];
  if (c.connection) parts.push(`conn ${c.connection}`);
  if (c.method) parts.push(c.status !== undefined ? `${c.method} -> ${c.status}` : c.method);
  else if (c.status !== undefined) parts.push(`status ${c.status}`);
  if (c.offset !== undefined) parts.push(`at byte ${c.offset}`);
  if (c.at !== undefined) parts.push(`time ${new Date(c.at).toISOString()}`);
  if (c.streamIndex !== undefined) parts.push(`stream ${c.streamIndex}`);
  if (c.channel !== undefined) parts.push(`channel ${c.channel}`);
  if (c.ssrc !== undefined) parts.push(`ssrc ${(c.ssrc >>> 0).toString(16).padStart(8, '0')}`);
  if (c.sequence !== undefined) parts.push(`seq ${c.sequence}`);
  return parts.length ? `${description} (${parts.join(', ')})` : description;
}
