// Failed TURN logins in the host's log, with user and source, rate limited: the first failure of
// a (user, source IP) pair in a window is logged at once, up to `maxLines` lines a window; the
// rest are counted and summed up when the window ends ("x12"), so a guessing attack gives a few
// lines a minute, not one per guess. State is bounded (`maxTracked` pairs a window; beyond it
// only a total is kept). Driven by the runtime's 1 Hz sample (`flush`), no timer of its own.

import type { EventLog } from '../state/event-log';
import type { SessionAddress } from '../turn';

export interface AuthFailureLogOptions {
  windowMs?: number;
  /** Lines logged at once per window (first failures of a pair). */
  maxLines?: number;
  maxTracked?: number;
}

const REASON_TEXT: Record<string, string> = {
  'bad-integrity': 'wrong password',
  'unknown-user': 'unknown user',
  expired: 'expired credentials',
  'lifetime-too-long': 'credentials valid for longer than allowed',
  throttled: 'too many failed logins',
};

interface Pair {
  username: string;
  source: string;
  /** Failures not logged yet. */
  pending: number;
}

export class AuthFailureLog {
  readonly #pairs = new Map<string, Pair>();
  #windowStart = 0;
  #lines = 0;
  /** Failures of pairs past `maxTracked`, not logged yet. */
  #untracked = 0;
  readonly #windowMs: number;
  readonly #maxLines: number;
  readonly #maxTracked: number;

  constructor(
    private readonly log: EventLog,
    private readonly now: () => number,
    o: AuthFailureLogOptions = {},
  ) {
    this.#windowMs = o.windowMs ?? 60_000;
    this.#maxLines = o.maxLines ?? 10;
    this.#maxTracked = o.maxTracked ?? 1000;
  }

  record(addr: SessionAddress, username: string, reason: string): void {
    this.flush();
    const source = addr.family === 6 ? `[${addr.address}]` : addr.address;
    const key = `${username}\u0000${addr.address}`;
    const pair = this.#pairs.get(key);
    if (pair !== undefined) {
      pair.pending++;
      return;
    }
    if (this.#pairs.size >= this.#maxTracked) {
      this.#untracked++;
      return;
    }
    const fresh: Pair = { username, source, pending: 0 };
    this.#pairs.set(key, fresh);
    if (this.#lines < this.#maxLines) {
      this.#lines++;
      this.log.warn(
        'relay',
        `failed TURN login: "${username}" from ${addr.transport} ${source} (${REASON_TEXT[reason] ?? reason})`,
      );
    } else {
      fresh.pending = 1;
    }
  }

  /** Ends the window when it is over: one summary line for what was not logged. */
  flush(): void {
    const t = this.now();
    if (t - this.#windowStart < this.#windowMs) return;
    const counted = [...this.#pairs.values()].filter((p) => p.pending > 0);
    const total = counted.reduce((n, p) => n + p.pending, 0) + this.#untracked;
    if (total > 0) {
      const top = counted
        .sort((a, b) => b.pending - a.pending)
        .slice(0, 3)
        .map((p) => `"${p.username}" from ${p.source} x${p.pending}`);
      const others = counted.length > 3 || this.#untracked > 0 ? ', ...' : '';
      const detail = top.length > 0 ? `: ${top.join(', ')}${others}` : ' from many sources';
      this.log.warn(
        'relay',
        `${total} more failed TURN login${total === 1 ? '' : 's'} in the last ${Math.round(this.#windowMs / 1000)} s${detail}`,
      );
    }
    this.#pairs.clear();
    this.#untracked = 0;
    this.#lines = 0;
    this.#windowStart = t;
  }
}
