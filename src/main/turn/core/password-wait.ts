// Requests waiting for the Observer's getPassword: copied (the packet buffer may be reused),
// bounded in number (beyond it, a counted drop), one lookup per username however many wait.
import type { TurnCore } from './core';
import type { Source } from './options';

interface Waiting {
  src: Source;
  username: string;
}

export class PasswordWaits {
  private waiting: Waiting[] = [];
  /** Requests that have waited, in all. */
  total = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Keeps the core's current request until `username`'s password is known. */
  park(core: TurnCore, username: string): void {
    if (this.waiting.length >= this.max) {
      core.drop('auth-queue-full');
      return;
    }
    const s = core.src;
    const first = !this.waiting.some((w) => w.username === username);
    this.waiting.push({ src: { ...s, data: Buffer.from(s.data) }, username });
    this.total++;
    if (first) core.push({ kind: 'lookup-password', username });
  }

  /** Removes and returns the requests waiting for `username`. */
  take(username: string): Source[] {
    const mine = this.waiting.filter((w) => w.username === username).map((w) => w.src);
    if (mine.length > 0) this.waiting = this.waiting.filter((w) => w.username !== username);
    return mine;
  }
}
