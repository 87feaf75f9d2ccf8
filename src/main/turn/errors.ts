// Errors the TURN server API throws, each with a stable `code` and structured context. Nothing
// here is thrown by packet handling: bad input on the wire is an answer or a counted drop.

export type TurnErrorCode =
  | 'invalid-config' // the config failed validation; `field` names the path
  | 'listen-failed' // a listener could not bind (port in use, no such address, ...)
  | 'tls-config' // certificate / key unreadable or invalid
  | 'not-running' // an operation that needs a started server
  | 'already-running';

export interface TurnErrorContext {
  /** Config path of the bad field, e.g. `listeners.0.port`. */
  field?: string;
  /** The listener concerned, as `udp://127.0.0.1:3478`. */
  listener?: string;
  /** The system error code (EADDRINUSE, EACCES, ...). */
  errno?: string;
}

export class TurnError extends Error {
  override name = 'TurnError';
  constructor(
    readonly code: TurnErrorCode,
    message: string,
    readonly context: TurnErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { code: TurnErrorCode; message: string; context: TurnErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}
