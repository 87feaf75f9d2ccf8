// Regrouping against scripted cameras: a camera whose group keeps the same cameras keeps
// playing (its group is renamed); cameras that end up sharing a group reconnect, and the
// preview names exactly those. A failed TEARDOWN becomes a log entry and a notice that can
// be dismissed; sessions that can no longer play leave the group.
import { afterEach, describe, expect, it } from 'vitest';
import { type CameraPolicies, type CameraView, DEFAULT_POLICIES, type GroupView } from '../../shared/cameras';
import { camera, ScriptedServer } from '../rtsp/testing/scripted-server';
import type { CameraRecord } from '../store/config-schema';
import { makeTestContext, type TestContext } from '../testing/host-context';
import { CameraViews } from './camera-views';
import { camerasToReconnect } from './grouping';
import { CameraManager } from './manager';

let ctx: TestContext | undefined;
let manager: CameraManager | undefined;
const servers: ScriptedServer[] = [];
afterEach(async () => {
  await manager?.close();
  manager = undefined;
  for (const s of servers.splice(0)) await s.stop();
  await ctx?.dispose();
  ctx = undefined;
});

function record(id: string, url: string): CameraRecord {
  return {
    id,
    name: id,
    url,
    username: '',
    transport: 'tcp',
    group: '',
    enabled: true,
    policies: { ...DEFAULT_POLICIES, frameTimeoutSec: 3600 } as CameraPolicies,
    createdAt: 0,
    mode: 'always',
  };
}

async function until(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('regrouping', () => {
  it('pure plan: a group keeping its cameras is renamed, merged ones reconnect', () => {
    const now = new Map([
      ['a', 'url:a'],
      ['b', 'url:b1'],
      ['c', 'url:b2'],
    ]);
    const next = new Map([
      ['a', 'server:A'],
      ['b', 'server:B'],
      ['c', 'server:B'],
    ]);
    expect(camerasToReconnect(now, next).sort()).toEqual(['b', 'c']);
    expect(camerasToReconnect(next, now).sort()).toEqual(['b', 'c']);
  });

  it('reconnects only cameras whose group changes; a failed TEARDOWN is a dismissible notice', async () => {
    const alone = await ScriptedServer.start(camera());
    // Two cameras on one server; its TEARDOWNs are refused.
    const shared = await ScriptedServer.start(
      camera({
        override: (req) => (req.method === 'TEARDOWN' ? { status: 403, reason: 'Forbidden' } : undefined),
      }),
    );
    servers.push(alone, shared);
    const c = await makeTestContext();
    ctx = c;
    manager = new CameraManager(c);
    const records = [
      record('a', alone.url('/a')),
      record('b', shared.url('/b1')),
      record('c', shared.url('/b2')),
    ];
    let config = await c.config.update((cfg) => ({
      ...cfg,
      grouping: { ...cfg.grouping, mode: 'url' },
      cameras: records,
    }));
    for (const r of records) new CameraViews(c.store.slice('cameras')).publish(r, false, 0);
    manager.sync(config);
    const view = (id: string) => c.store.state.cameras[id] as CameraView;
    await until('all playing', () => ['a', 'b', 'c'].every((id) => view(id).status.state === 'playing'));
    const aSince = view('a').status;
    const describes = () => alone.methods().filter((m) => m === 'DESCRIBE').length;
    expect(describes()).toBe(1);

    expect(manager.previewGrouping('server').sort()).toEqual(['b', 'c']);
    config = await c.config.update((cfg) => ({ ...cfg, grouping: { ...cfg.grouping, mode: 'server' } }));
    manager.sync(config);
    // b and c reconnect into their shared server group; a keeps its session under a new group id.
    await until('b and c back', () => shared.methods().filter((m) => m === 'DESCRIBE').length === 4);
    await until('b and c playing', () => ['b', 'c'].every((id) => view(id).status.state === 'playing'));
    expect(view('a').status).toBe(aSince);
    expect(describes()).toBe(1);
    expect(view('a').groupId).toBe(`server:127.0.0.1:${alone.port}`);

    // The refused TEARDOWNs of b's and c's old sessions: logged, and a notice on the group.
    const groups = () => Object.values(c.store.state.groups) as GroupView[];
    await until('a notice', () => groups().some((g) => (g.teardownFailures?.length ?? 0) > 0));
    const g = groups().find((x) => x.teardownFailures?.length)!;
    expect(c.store.state.log.some((e) => /TEARDOWN of session .* failed/.test(e.message))).toBe(true);
    // The rows are what the count says: no session listed that can no longer play.
    for (const x of groups()) expect(x.sessions.length).toBe(x.staleCount);
    expect(manager.dismissTeardownFailures(g.id)).toBeGreaterThan(0);
    expect((c.store.state.groups[g.id] as GroupView | undefined)?.teardownFailures).toBeUndefined();
  }, 60_000);
});
