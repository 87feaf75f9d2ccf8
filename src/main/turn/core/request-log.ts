// One debug line per STUN request (method, transport, source, result code), when the injected
// logger keeps debug lines; nothing is built otherwise (the core checks `enabled` first). The
// result is the answer's code, `retransmit` for an answer sent again, or `none` when nothing
// was answered yet (dropped, waiting for a password, relay being bound: the Allocate's answer
// gets its own line once the relay is bound, `allocate answered`).
import type { Logger } from '../../../shared/engine-log';
import { StunMethod } from '../stun/constants';
import type { Allocation } from './allocation';
import type { Outbox } from './outbox';
import type { TurnRequest } from './request';
import type { CoreState } from './state';
import type { CoreAction } from './types';

const METHOD_NAMES = new Map<number, string>(Object.entries(StunMethod).map(([name, n]) => [n, name]));

export class RequestLog {
  readonly enabled: boolean;

  constructor(
    private readonly logger: Logger,
    private readonly state: CoreState,
    private readonly out: Outbox,
  ) {
    this.enabled = logger.debugEnabled;
  }

  request(req: TurnRequest, actions: readonly CoreAction[]): void {
    const answered = this.out.lastAnswer;
    const dropped = actions.length === 0 && answered === undefined;
    this.logger.debug('request', {
      method: METHOD_NAMES.get(req.msg.method) ?? `0x${req.msg.method.toString(16)}`,
      transport: this.state.listeners[req.listener]?.transport ?? 'udp',
      source: req.family === 6 ? `[${req.address}]:${req.port}` : `${req.address}:${req.port}`,
      result:
        answered === undefined ? (dropped ? 'dropped' : 'none') : answered === null ? 'retransmit' : answered,
      ...(req.auth ? { user: req.auth.username } : {}),
    });
  }

  /** The late answer of an Allocate, sent once its relay was bound (or could not be). */
  allocateAnswered(a: Allocation): void {
    const code = this.out.lastAnswer;
    if (code === undefined) return; // another port is being tried
    const s = a.session;
    this.logger.debug('allocate answered', {
      method: 'allocate',
      transport: s.transport,
      source: s.family === 6 ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`,
      result: code,
      user: a.username,
    });
  }
}
