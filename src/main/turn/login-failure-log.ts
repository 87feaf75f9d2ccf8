// Failed logins in the log, rate limited: at most one line per user and source per window
// (10 s), the next one saying how many were left out. A guessing client cannot flood the log,
// and the operator still sees who fails from where. The username only: never the password or
// the key (the core does not hand them out).
import type { Logger } from '../../shared/engine-log';
import type { AuthFailure, SessionAddress } from './core/types';

export const LOGIN_LOG_WINDOW_MS = 10_000;
/** Beyond this many (user, source) pairs, old windows are swept before adding one. */
const MAX_TRACKED = 4096;

interface Window {
  at: number;
  suppressed: number;
}

export class LoginFailureLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly windowMs = LOGIN_LOG_WINDOW_MS,
  ) {}

  failed(session: SessionAddress, username: string, reason: AuthFailure): void {
    const source = `${session.transport} ${session.family === 6 ? `[${session.address}]` : session.address}:${session.port}`;
    // per user and client IP: a client that retries from a new port is the same client
    const key = `${username}\u0000${session.address}`;
    const now = this.now();
    const w = this.windows.get(key);
    if (w !== undefined && now - w.at < this.windowMs) {
      w.suppressed++;
      return;
    }
    const suppressed = w?.suppressed ?? 0;
    if (w === undefined && this.windows.size >= MAX_TRACKED) this.sweep(now);
    this.windows.set(key, { at: now, suppressed: 0 });
    this.logger.warn('login failed', {
      user: username,
      source,
      reason,
      ...(suppressed > 0 ? { suppressed } : {}),
    });
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.at >= this.windowMs) this.windows.delete(k);
    // all still in their window (many names from many places): forget the oldest
    const oldest = this.windows.keys().next();
    if (this.windows.size >= MAX_TRACKED && !oldest.done) this.windows.delete(oldest.value);
  }
}
