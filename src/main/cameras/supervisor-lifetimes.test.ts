// Lifetimes of one camera's supervisor against a scripted server: a thousand failed attempts
// (refused DESCRIBEs, and sessions the server closes right after PLAY) leave no listener on
// the camera's signal and no growing heap; a long wait for stale sessions re-evaluated on
// every group change adds none either.
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { type CameraPolicies, DEFAULT_POLICIES } from '../../shared/cameras';
import { systemClock } from '../rtsp/clock';
import { SessionGroup } from '../rtsp/group';
import { camera, ScriptedServer, until } from '../rtsp/testing/scripted-server';
import { CameraSupervisor } from './supervisor';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let srv: ScriptedServer | undefined;
let sup: CameraSupervisor | undefined;
afterEach(async () => {
  await sup?.stop();
  sup = undefined;
  await srv?.stop();
  srv = undefined;
});

const policies: CameraPolicies = { ...DEFAULT_POLICIES, frameTimeoutSec: 5 };
const noBackoff = { initialMs: 0, maxMs: 0, jitter: 0, resetAfterMs: 1e9 };

function heapBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

describe('supervisor lifetimes', () => {
  it('1,000 failed attempts leave no listener on the camera signal and a bounded heap', async () => {
    let describes = 0;
    srv = await ScriptedServer.start(
      camera({
        override: (req, conn) => {
          if (req.method === 'DESCRIBE') {
            describes += 1;
            // Every other attempt gets as far as PLAY; the rest are refused at DESCRIBE.
            if (describes % 2 === 1) return { status: 404, reason: 'Not Found' };
          }
          if (req.method === 'PLAY') setImmediate(() => conn.close());
          return undefined;
        },
      }),
    );
    const group = new SessionGroup();
    let failures = 0;
    let mostListeners = 0;
    let heapAt200 = 0;
    const s = new CameraSupervisor(
      {
        id: 'c1',
        url: srv.url(),
        username: '',
        password: undefined,
        transport: 'tcp',
        policies,
        group,
        groupId: 'url:x',
      },
      { clock: systemClock, backoff: noBackoff, random: () => 0.5 },
      {
        status: () => undefined,
        described: () => true,
        failure: () => {
          failures += 1;
          // The attempt has ended here: nothing of it may still listen to the camera.
          mostListeners = Math.max(mostListeners, getEventListeners(s.signal, 'abort').length);
        },
      },
    );
    sup = s;
    s.start();
    await until(() => failures >= 200, 60_000);
    heapAt200 = heapBytes();
    await until(() => failures >= 1000, 240_000);
    const heapAt1000 = heapBytes();
    expect(mostListeners).toBe(0);
    // The old leak kept every closed session (its 64 KiB read buffer, parser, depacketizer)
    // reachable through its listener: 800 more attempts were tens of MB.
    expect(heapAt1000 - heapAt200).toBeLessThan(8 * 1024 * 1024);
    // Both kinds of failure happened.
    expect(srv.methods().filter((m) => m === 'PLAY').length).toBeGreaterThan(300);
    await s.stop();
    expect(getEventListeners(s.signal, 'abort')).toHaveLength(0);
  }, 300_000);

  it('waiting for stale sessions through 1,000 group changes adds no listener', async () => {
    const group = new SessionGroup();
    const handle = group.addDropped({
      sessionId: 's',
      expiresAt: performance.now() + 3_600_000,
      transport: 'tcp',
    });
    let waits = 0;
    const s = new CameraSupervisor(
      {
        id: 'c1',
        url: 'rtsp://127.0.0.1:9/x',
        username: '',
        password: undefined,
        transport: 'tcp',
        policies,
        group,
        groupId: 'url:x',
      },
      { clock: systemClock, backoff: noBackoff, random: () => 0.5 },
      {
        status: (st) => {
          if (st.state === 'waiting-stale') waits += 1;
        },
        described: () => true,
        failure: () => undefined,
      },
    );
    sup = s;
    s.start();
    await until(() => waits === 1);
    for (let i = 0; i < 1000; i++) {
      handle.attempt();
      await until(() => waits === i + 2);
    }
    expect(getEventListeners(s.signal, 'abort').length).toBeLessThanOrEqual(1);
  }, 60_000);
});
