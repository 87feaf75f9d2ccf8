// Requests waiting for the Observer's getPassword: copied (the packet buffer and the request
// object are reused), bounded in number (beyond it, a counted drop), one lookup per username
// however many wait.
import type { IoHandles } from './allocation';
import type { Source } from './options';
import type { Outbox } from './outbox';
import type { TurnRequest } from './request';

interface Waiting<Io extends IoHandles> {
  src: Source<Io>;
  username: string;
}

export class PasswordWaits<Io extends IoHandles = IoHandles> {
  private waiting: Waiting<Io>[] = [];
  /** Requests that have waited, in all. */
  total = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Keeps a copy of `req` until `username`'s password is known. */
  park(req: TurnRequest<Io>, username: string, out: Outbox<Io>): void {
    if (this.waiting.length >= this.max) {
      out.drop('auth-queue-full');
      return;
    }
    const first = !this.waiting.some((w) => w.username === username);
    const src: Source<Io> = {
      listener: req.listener,
      address: req.address,
      port: req.port,
      family: req.family,
      conn: req.conn,
      data: Buffer.from(req.data),
    };
    this.waiting.push({ src, username });
    this.total++;
    if (first) out.push({ kind: 'lookup-password', username });
  }

  /** Removes and returns the requests waiting for `username`. */
  take(username: string): Source<Io>[] {
    const mine = this.waiting.filter((w) => w.username === username).map((w) => w.src);
    if (mine.length > 0) this.waiting = this.waiting.filter((w) => w.username !== username);
    return mine;
  }
}
