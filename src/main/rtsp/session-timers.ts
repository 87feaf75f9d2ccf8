// The one timer of a playing session, rescheduled after each tick (10 ms to 1 s ahead, for
// whichever is due first): the frame timeout (progress is the last frame, not bytes), the
// keepalive (the method from KeepaliveState; one unanswered when the next is due fails the
// session) and RTCP receiver reports on each stream's RTCP path.
import type { TimerHandle } from './clock';
import { RtspError } from './error';
import { KeepaliveState } from './keepalive';
import { writeInterleaved } from './message';
import { DEFAULTS } from './options';
import type { SessionCore } from './session-core';

export class SessionTimers {
  readonly keepalive = new KeepaliveState();
  private timer: TimerHandle | undefined;
  private nextKeepaliveAt = 0;
  private nextReportAt = 0;

  constructor(private readonly core: SessionCore) {}

  /** After the PLAY response; `now` is also when the frame timeout starts counting. */
  start(now: number): void {
    this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    this.nextReportAt = now + this.reportIntervalMs();
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) this.core.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private keepaliveIntervalMs(): number {
    return (Math.min(this.core.sessionTimeoutS, 60) * 1000) / 2;
  }

  private reportIntervalMs(): number {
    return this.core.p.options.receiverReportIntervalMs ?? DEFAULTS.receiverReportIntervalMs;
  }

  private schedule(): void {
    const core = this.core;
    if (core.stage.kind !== 'playing') return;
    const now = core.clock.now();
    const rrEvery = this.reportIntervalMs();
    let due = Math.min(this.nextKeepaliveAt, core.input.lastProgressAt + core.playOpts.frameTimeoutMs);
    if (rrEvery > 0) due = Math.min(due, this.nextReportAt);
    this.timer = core.clock.setTimeout(() => this.tick(), Math.max(10, Math.min(1000, due - now)));
  }

  private tick(): void {
    const core = this.core;
    this.timer = undefined;
    if (core.stage.kind !== 'playing') return;
    const now = core.clock.now();
    const frameTimeoutMs = core.playOpts.frameTimeoutMs;
    // Progress is measured from the last frame; bytes arriving without frames do not count.
    if (now - core.input.lastProgressAt >= frameTimeoutMs) {
      core.fail(
        new RtspError(
          'timeout',
          `no ${core.mode === 'frames' ? 'frame' : 'packet'} for ${frameTimeoutMs} ms`,
          { ...core.context(), phase: 'frames' },
        ),
      );
      return;
    }
    if (now >= this.nextKeepaliveAt) {
      if (this.keepalive.inFlight) {
        core.fail(
          new RtspError('timeout', 'keepalive unanswered when the next was due', {
            ...core.context(),
            method: 'keepalive',
            phase: 'keepalive',
          }),
        );
        return;
      }
      this.sendKeepalive();
      this.nextKeepaliveAt = now + this.keepaliveIntervalMs();
    }
    const rrEvery = this.reportIntervalMs();
    if (rrEvery > 0 && now >= this.nextReportAt) {
      this.sendReceiverReports(now);
      this.nextReportAt = now + rrEvery;
    }
    this.schedule();
  }

  private sendKeepalive(): void {
    const core = this.core;
    const k = this.keepalive;
    const method = k.method();
    k.sent();
    core.req.send(method, core.aggregateUrl, undefined, { timeoutMs: this.keepaliveIntervalMs() }).then(
      (res) => k.answered(method, res.status, res.headers.get('public')),
      (e: unknown) => {
        k.unanswered();
        if (e instanceof RtspError && e.kind === 'timeout') {
          core.fail(
            new RtspError('timeout', `keepalive ${method} unanswered when the next was due`, {
              ...core.context(),
              phase: 'keepalive',
            }),
          );
        }
      },
    );
  }

  private sendReceiverReports(now: number): void {
    const core = this.core;
    const media = core.input.media;
    core.transports.setups.forEach((s, i) => {
      const m = media[i];
      if (!s || !m) return;
      const rr = m.receiverReport(now, 'camrelay');
      if (!rr) return;
      if (s.kind === 'udp') s.pair.sendRtcp(rr);
      else core.conn.write(writeInterleaved(s.channels[1], rr));
    });
  }
}
