// Errors the TURN server API throws, each with a stable `code` and the context of that code
// (CodedError). Nothing here is thrown by packet handling: bad input on the wire is an answer
// or a counted drop. Callers read `context` (which listener, which errno); none parses `message`.
import { CodedError } from '../../shared/coded-error';
import type { ClientTransport } from './core/session';

/** A listener as its config names it (the port asked for: 0 when any port was asked). */
export interface ListenerRef {
  readonly proto: ClientTransport;
  readonly host: string;
  readonly port: number;
}

export type TurnErrorContexts = {
  /** The config failed validation; `field` names the path, e.g. `listeners.0.port`. */
  'invalid-config': { field: string };
  /**
   * Something could not bind (port in use, no such address, ...): a TURN listener (`listener`
   * set), or another socket of the program (the CLI's metrics endpoint: no `listener`).
   */
  'listen-failed': { listener?: ListenerRef; errno?: string };
  /** The certificate / key of a TLS listener is unreadable or invalid. */
  'tls-config': { listener: ListenerRef };
  /** An operation that needs a started server. */
  'not-running': Record<string, never>;
  'already-running': Record<string, never>;
};

export type TurnErrorCode = keyof TurnErrorContexts;
export type TurnErrorContext<C extends TurnErrorCode = TurnErrorCode> = TurnErrorContexts[C];

type Options = { cause?: unknown };
/** The context may be left out for the codes whose context has no required field. */
type ContextArgs<C extends TurnErrorCode> =
  Record<string, never> extends TurnErrorContexts[C]
    ? [context?: TurnErrorContexts[C], options?: Options]
    : [context: TurnErrorContexts[C], options?: Options];

export class TurnError<C extends TurnErrorCode = TurnErrorCode> extends CodedError<TurnErrorContexts, C> {
  constructor(code: C, message: string, ...[context, options]: ContextArgs<C>) {
    super(code, message, context ?? ({} as TurnErrorContexts[C]), options);
  }
}

/** `udp://127.0.0.1:3478`, `tcp://[::1]:3478`: how a listener is named to people. */
export function listenerText(l: ListenerRef): string {
  return `${l.proto}://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`;
}
