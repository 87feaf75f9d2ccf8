// A wrong password against a real GStreamer RTSP server that requires a login, time
// injected: at most 4 refused logins in the first 150 s, then minutes apart; "Retry now"
// tries at once; the schedule survives a regrouping that restarts the camera and a host
// restart (the ledger file); a credentials edit tries at once and plays.
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningRtspServer, startRtspServer } from '../../../test/peers/rtsp-server';
import { type CameraPolicies, type CameraView, DEFAULT_POLICIES } from '../../shared/cameras';
import { FakeClock, flush } from '../rtsp/testing/fake-clock';
import type { CameraRecord, Config } from '../store/config-schema';
import { makeTestContext, type TestContext } from '../testing/host-context';
import { openAuthLedger } from './auth-ledger-file';
import { DEFAULT_AUTH_RETRY } from './auth-schedule';
import { passwordKey } from './camera-service';
import { CameraViews } from './camera-views';
import { CameraManager } from './manager';

let ctx: TestContext | undefined;
let manager: CameraManager | undefined;
let srv: RunningRtspServer | undefined;
afterEach(async () => {
  await manager?.close();
  manager = undefined;
  await srv?.stop();
  srv = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

function record(id: string, url: string, over: Partial<CameraRecord> = {}): CameraRecord {
  return {
    id,
    name: id,
    url,
    username: 'admin',
    transport: 'tcp',
    group: '',
    enabled: true,
    policies: { ...DEFAULT_POLICIES } as CameraPolicies,
    createdAt: 0,
    mode: 'always',
    ...over,
  };
}

async function realWait(what: string, fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('refused logins', () => {
  it('follow their own slow schedule, kept across a regrouping and a restart; Retry now and a credentials edit try at once', async () => {
    const clock = new FakeClock();
    const c = await makeTestContext(() => clock.wallNow());
    ctx = c;
    srv = await startRtspServer({
      mounts: { '/cam': 'h264', '/other': 'h264' },
      users: [{ name: 'admin', password: 'right' }],
    });
    const view = (id: string) => c.store.state.cameras[id] as CameraView;
    const refusals = new Set<number>();
    const note = () => {
      const f = view('cam').lastFailure;
      if (f?.kind === 'auth') refusals.add(f.at);
    };
    /** The camera waits for a time still ahead (or plays): no attempt is due or under way. */
    const settled = () => {
      note();
      const s = view('cam').status;
      return s.state === 'playing' || (s.state === 'backing-off' && s.retryAt > clock.wallNow());
    };
    const start = async () => {
      const ledger = await openAuthLedger(c.dir, { random: () => 0.5 });
      const m = new CameraManager(c, { clock, random: () => 0.5, authLedger: ledger });
      return { m, ledger };
    };
    /** Moves injected time on second by second, letting each login attempt finish. */
    const advanceTo = async (t: number) => {
      while (clock.now() < t) {
        await clock.advance(1000);
        await realWait('the attempt to end', settled);
      }
    };

    await c.secrets.set(passwordKey('cam'), 'wrong');
    await c.secrets.set(passwordKey('ok'), 'right');
    let config: Config = await c.config.update((cfg) => ({
      ...cfg,
      grouping: { ...cfg.grouping, mode: 'server' },
      cameras: [record('cam', srv!.url('/cam')), record('ok', srv!.url('/other'))],
    }));
    for (const r of config.cameras) {
      new CameraViews(c.store.slice('cameras')).publish(r, false, 0);
    }
    let run = await start();
    manager = run.m;
    manager.sync(config);
    await realWait('the first refusal', () => settled() && refusals.size === 1);
    const first = view('cam').status;
    expect(first).toMatchObject({ state: 'backing-off', failure: { kind: 'auth' } });

    // At most 4 refused logins in the first 150 s.
    await advanceTo(150_000);
    expect(refusals.size).toBe(4);
    // The 5th comes minutes later, not seconds.
    await advanceTo(200_000);
    expect(refusals.size).toBe(4);

    // Retry now: one attempt at once.
    expect(manager.retryNow('cam')).toBe(true);
    await flush();
    await realWait('the asked retry', () => settled() && refusals.size === 5);
    const after5 = view('cam').status;
    expect(after5.state).toBe('backing-off');
    if (after5.state === 'backing-off') {
      expect(after5.retryAt - after5.since).toBeGreaterThanOrEqual(DEFAULT_AUTH_RETRY.delaysMs[4]!);
    }

    // Regrouping puts the cameras in separate URL groups: both reconnect, and the refused
    // camera still waits its turn.
    expect(manager.previewGrouping('url').sort()).toEqual(['cam', 'ok']);
    config = await c.config.update((cfg) => ({ ...cfg, grouping: { ...cfg.grouping, mode: 'url' } }));
    manager.sync(config);
    await flush();
    await advanceTo(clock.now() + 60_000);
    expect(refusals.size).toBe(5);
    expect(view('cam').status).toMatchObject({ state: 'backing-off', failure: { kind: 'auth' } });
    expect(view('cam').groupId).toMatch(/^url:/);

    // A host restart: the ledger file keeps the schedule.
    await manager.close();
    await run.ledger.flushed();
    run = await start();
    manager = run.m;
    manager.sync(config);
    await flush();
    await advanceTo(clock.now() + 30_000);
    expect(refusals.size).toBe(5);
    expect(view('cam').status).toMatchObject({ state: 'backing-off', failure: { kind: 'auth' } });

    // The operator fixes the password: the camera logs in at once and plays.
    await c.secrets.set(passwordKey('cam'), 'right');
    manager.sync(config);
    await flush();
    await realWait('playing with the right password', () => view('cam').status.state === 'playing');
    expect(run.ledger.get('cam')).toBeUndefined();
  }, 120_000);
});
