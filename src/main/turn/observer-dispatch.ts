// From the core's events to the Observer and the log: each event calls the Observer's method
// (what it throws or rejects is counted, never raised) and logs a line (debug for allocation,
// permission and channel life, a rate-limited warning for a failed login). Password lookups go
// to the Observer's getPassword, bounded by a timeout.
import type { Logger } from '../../shared/engine-log';
import type { TurnCore } from './core/core';
import type { SessionAddress, TurnEvent } from './core/types';
import type { Executor } from './io/executor';
import type { NodeIo } from './io/node-io';
import { LoginFailureLog } from './login-failure-log';
import type { TurnObserver } from './observer';
import type { CounterBook } from './server-counters';

const sessionText = (s: SessionAddress) =>
  `${s.transport} ${s.family === 6 ? `[${s.address}]` : s.address}:${s.port}`;

export class ObserverDispatch {
  observer: TurnObserver;
  private readonly log: Logger;
  private readonly logins: LoginFailureLog;

  constructor(
    observer: TurnObserver,
    logger: Logger,
    now: () => number,
    private readonly book: CounterBook,
    private readonly passwordTimeoutMs: number,
  ) {
    this.observer = observer;
    this.log = logger.child('allocation');
    this.logins = new LoginFailureLog(logger.child('auth'), now);
  }

  dispatch(e: TurnEvent): void {
    this.logEvent(e);
    const o = this.observer;
    try {
      let r: unknown;
      switch (e.type) {
        case 'allocated':
          r = o.allocated?.(e.session, e.username, e.port, e.id);
          break;
        case 'channelBind':
          r = o.channelBind?.(e.session, e.username, e.channel, e.id);
          break;
        case 'createPermission':
          r = o.createPermission?.(e.session, e.username, e.peers, e.id);
          break;
        case 'refresh':
          r = o.refresh?.(e.session, e.username, e.lifetime, e.id);
          break;
        case 'closed':
          r = o.closed?.(e.session, e.username, e.id, e.reason);
          break;
        case 'authFailed':
          r = o.authFailed?.(e.session, e.username, e.reason);
          break;
      }
      if (r instanceof Promise) r.catch(() => this.book.observerErrors++);
    } catch {
      this.book.observerErrors++;
    }
  }

  private logEvent(e: TurnEvent): void {
    if (e.type === 'authFailed') {
      this.logins.failed(e.session, e.username, e.reason);
      return;
    }
    if (!this.log.debugEnabled) return;
    const base = { id: e.id, user: e.username, client: sessionText(e.session) };
    switch (e.type) {
      case 'allocated':
        this.log.debug('allocation created', { ...base, relayPort: e.port });
        break;
      case 'refresh':
        this.log.debug('allocation refreshed', { ...base, lifetime: e.lifetime });
        break;
      case 'closed':
        // reason 'expired' is the expiry; the others say who ended it
        this.log.debug('allocation closed', { ...base, reason: e.reason });
        break;
      case 'createPermission':
        this.log.debug('permission', { ...base, peers: e.peers.join(',') });
        break;
      case 'channelBind':
        this.log.debug('channel bound', { ...base, channel: e.channel, peer: e.peer });
        break;
    }
  }

  lookupPassword(core: TurnCore<NodeIo>, exec: Executor, username: string): void {
    const answer = (password: string | null | undefined) => {
      if (exec.stopped) return;
      exec.run(
        core.handle({ kind: 'password', username, password: typeof password === 'string' ? password : null }),
      );
    };
    let result: ReturnType<NonNullable<TurnObserver['getPassword']>>;
    try {
      result = this.observer.getPassword ? this.observer.getPassword(username) : null;
    } catch {
      this.book.observerErrors++;
      result = null;
    }
    if (!(result instanceof Promise)) {
      answer(result);
      return;
    }
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      answer(null);
    }, this.passwordTimeoutMs);
    timer.unref();
    result.then(
      (p) => {
        if (done) return;
        clearTimeout(timer);
        answer(p);
      },
      () => {
        if (done) return;
        clearTimeout(timer);
        this.book.observerErrors++;
        answer(null);
      },
    );
  }
}
