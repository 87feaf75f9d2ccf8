// One error class for the whole RTSP client, a CodedError with a stable `code` (also read as
// `kind`, the client's historic name) and structured context. Codecs create lean errors
// (code + description); the session layer adds what only it knows (connection, stream,
// channel, SSRC, sequence, message position) via `withContext`. Callers branch on `code` and
// the context (`phase`, `errno`), never on the message.
import { CodedError } from '../../shared/coded-error';

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

/** What the client was doing when a timeout or network error struck. */
export type RtspPhase =
  | 'connect'
  | 'describe'
  | 'setup'
  | 'play'
  | 'keepalive'
  | 'teardown'
  | 'frames'
  | 'request';

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

export interface RtspTimeoutContext extends RtspErrorContext {
  /** `frames`: the stream went quiet; the others: no answer to a step of the protocol. */
  phase?: RtspPhase;
}

export interface RtspNetworkContext extends RtspErrorContext {
  phase?: RtspPhase;
  /** The socket error's code (`ECONNREFUSED`, `ENOTFOUND`, `EHOSTUNREACH`, ...), when one was given. */
  errno?: string;
}

/** Context by code: timeouts and network errors carry what an operator's diagnosis needs. */
export type RtspContexts = { [K in RtspErrorKind]: RtspErrorContext } & {
  timeout: RtspTimeoutContext;
  network: RtspNetworkContext;
};

/** Any context field of any code (what `withContext` may add). */
export type AnyRtspContext = RtspTimeoutContext & RtspNetworkContext;

/**
 * Read a code's own context through `is`: `if (e.is('timeout')) e.context.phase`. (Not generic
 * over the code: `instanceof` would then give `RtspError<any>` to every caller.)
 */
export class RtspError extends CodedError<RtspContexts> {
  constructor(
    code: RtspErrorKind,
    /** The bare description, without context; `message` adds the context. */
    readonly description: string,
    context: AnyRtspContext = {},
    options?: { cause?: unknown },
  ) {
    super(code, formatMessage(description, context), context, options);
  }

  /** The code, under the RTSP client's historic name. */
  get kind(): RtspErrorKind {
    return this.code;
  }

  /** A copy with more context (existing fields win: the innermost layer knew best). */
  withContext(more: AnyRtspContext): RtspError {
    return new RtspError(this.code, this.description, { ...more, ...this.context }, { cause: this.cause });
  }

  override toJSON(): {
    name: string;
    code: RtspErrorKind;
    kind: RtspErrorKind;
    message: string;
    context: RtspErrorContext;
  } {
    return {
      name: this.name,
      code: this.code,
      kind: this.code,
      message: this.message,
      context: this.context,
    };
  }
}

function formatMessage(description: string, c: AnyRtspContext): string {
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
