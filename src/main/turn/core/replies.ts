// Answers to the request being handled: built by the Responder (signed when authenticated),
// sent back to where the request came from, counted in the Outbox. Unauthenticated error
// answers are rate limited (they cost us bytes and give nothing).
import type { RateLimiter } from '../auth/rate-limiter';
import type { Allocation } from './allocation';
import type { Outbox } from './outbox';
import type { TurnRequest } from './request';
import type { AuthKey, Fill, Responder } from './respond';

export class Replies {
  constructor(
    private readonly out: Outbox,
    readonly responder: Responder,
    private readonly rateLimiter: RateLimiter,
    private readonly clock: { readonly nowMs: number },
  ) {}

  success(req: TurnRequest, auth: AuthKey | null, fill?: Fill): Buffer {
    const b = this.responder.success(req.msg, auth, fill);
    this.out.reply(req, b, 200);
    return b;
  }

  error(req: TurnRequest, code: number, auth: AuthKey | null, fill?: Fill): Buffer {
    const b = this.responder.error(req.msg, code, auth, fill);
    this.out.reply(req, b, code);
    return b;
  }

  /** A retransmitted request: the answer it got the first time. */
  again(req: TurnRequest, answer: Buffer): void {
    this.out.reply(req, answer, null);
  }

  /** Answers `code` (0 = success) on the allocation and caches it for retransmissions. */
  on(req: TurnRequest, a: Allocation, code: number, auth: AuthKey, fill?: Fill): void {
    const b = code === 0 ? this.success(req, auth, fill) : this.error(req, code, auth, fill);
    a.cacheAnswer(req.tid(), b, this.clock.nowMs);
  }

  /**
   * An error answer to a request not (yet) authenticated: rate limited per source IP, and by the
   * global budget unless `shared` is false (a challenge any client needs to begin with).
   */
  unauthenticated(req: TurnRequest, code: number, fill?: Fill, shared = true): void {
    if (!this.rateLimiter.take(req.address, this.clock.nowMs, shared)) {
      this.out.drop('rate-limited');
      return;
    }
    this.error(req, code, null, fill);
  }
}
