// The one timer of a playing session, rescheduled after each tick (10 ms to 1 s ahead, for
// whichever is due first): the frame timeout (progress is the last frame, not bytes), the
// keepalive (the method from KeepaliveState; one unanswered when the next is due fails the
// session) and RTCP receiver reports on each stream's RTCP path. Owned by the Playing stage,
// which gives it what it reads (`TimerInputs`).
import type { TimerHandle } from './clock';
import { RtspError } from './error';
import { KeepaliveState } from './keepalive';
import type { SessionLink } from './session-link';

export interface TimerInputs {
  link: SessionLink;
  /** From the first SETUP's Session header. */
  sessionTimeoutS: number;
  frameTimeoutMs: number;
  /** Interval of receiver reports, ms; 0 = none. */
  receiverReportIntervalMs: number;
  /** What the frame timeout waits for, for its message. */
  unit: 'frame' | 'packet';
  /** When the last frame (or packet) was delivered. */
  lastProgressAt(): number;
  sendReceiverReports(now: number): void;
}

export class SessionTimers {
  readonly keepalive = new KeepaliveState();
  private timer: TimerHandle | undefined;
  private nextKeepaliveAt = 0;
  private nextReportAt = 0;
  private stopped = false;

  constructor(private readonly t: TimerInputs) {}

  /** After the PLAY response; `now` is also when the frame timeout starts counting. */
  start(now: number): void {
    this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    this.nextReportAt = now + this.t.receiverReportIntervalMs;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.t.link.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private keepaliveIntervalMs(): number {
    return (Math.min(this.t.sessionTimeoutS, 60) * 1000) / 2;
  }

  private schedule(): void {
    if (this.stopped) return;
    const clock = this.t.link.clock;
    const now = clock.now();
    const rrEvery = this.t.receiverReportIntervalMs;
    let due = Math.min(this.nextKeepaliveAt, this.t.lastProgressAt() + this.t.frameTimeoutMs);
    if (rrEvery > 0) due = Math.min(due, this.nextReportAt);
    this.timer = clock.setTimeout(() => this.tick(), Math.max(10, Math.min(1000, due - now)));
  }

  private tick(): void {
    const link = this.t.link;
    this.timer = undefined;
    if (this.stopped) return;
    const now = link.clock.now();
    const frameTimeoutMs = this.t.frameTimeoutMs;
    // Progress is measured from the last frame; bytes arriving without frames do not count.
    if (now - this.t.lastProgressAt() >= frameTimeoutMs) {
      link.fail(
        new RtspError('timeout', `no ${this.t.unit} for ${frameTimeoutMs} ms`, {
          ...link.context(),
          phase: 'frames',
        }),
      );
      return;
    }
    if (now >= this.nextKeepaliveAt) {
      if (this.keepalive.inFlight) {
        link.fail(
          new RtspError('timeout', 'keepalive unanswered when the next was due', {
            ...link.context(),
            method: 'keepalive',
            phase: 'keepalive',
          }),
        );
        return;
      }
      this.sendKeepalive();
      this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    }
    const rrEvery = this.t.receiverReportIntervalMs;
    if (rrEvery > 0 && now >= this.nextReportAt) {
      this.t.sendReceiverReports(now);
      this.nextReportAt = now + rrEvery;
    }
    this.schedule();
  }

  private sendKeepalive(): void {
    const link = this.t.link;
    const k = this.keepalive;
    const method = k.method();
    k.sent();
    link.req.send(method, link.url, undefined, { timeoutMs: this.keepaliveIntervalMs() }).then(
      (res) => k.answered(method, res.status, res.headers.get('public')),
      (e: unknown) => {
        k.unanswered();
        if (e instanceof RtspError && e.kind === 'timeout') {
          link.fail(
            new RtspError('timeout', `keepalive ${method} unanswered when the next was due`, {
              ...link.context(),
              phase: 'keepalive',
            }),
          );
        }
      },
    );
  }
}
