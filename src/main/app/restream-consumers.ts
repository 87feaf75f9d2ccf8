// Consumers of the cameras, for the console and the on-demand mode: restream sessions, the
// console's live views and WebRTC viewers, merged per camera and published once a second
// (only when something changed); and the first-frame wait of a DESCRIBE to an on-demand
// camera that is not connected yet (it counts as a consumer while it waits).
import type { ConsumerView } from '../../shared/restream';
import type { HostContext } from '../context';
import type { LiveConsumer } from '../live';
import type { RestreamServer } from '../restream';
import type { Frame } from '../rtsp';
import type { Demand } from './demand';

/** What the helpers here need from the restream service. */
export interface RestreamPaths {
  readonly server: RestreamServer | undefined;
  cameraOfPath(path: string): string | undefined;
  fanOut(cameraId: string): { readonly tracks: readonly unknown[] | undefined };
}

export interface ConsumerSources {
  live?: { consumers(): LiveConsumer[] };
  webrtc?: {
    viewers(): {
      cameraId: string;
      since: number;
      remote?: string;
      relayed: boolean;
      bytesSent: number;
      framesDropped: number;
      tag: string;
    }[];
  };
}

export interface FirstFrames {
  /** DESCRIBE of `path` found no tracks: resolves undefined once a key frame came, or a 503 reason. */
  wait(path: string): Promise<string | undefined>;
  /** The same for a camera (a WebRTC offer to a camera that sends nothing yet). */
  waitCamera(cameraId: string): Promise<string | undefined>;
  /** Every frame of every camera (the tap). */
  frame(cameraId: string, frame: Frame): void;
  pending(cameraId: string): number;
  close(): void;
}

interface Waiter {
  done: (why: string | undefined) => void;
}

function restreamCount(paths: RestreamPaths, cameraId: string): number {
  let n = 0;
  for (const c of paths.server?.consumers() ?? []) if (paths.cameraOfPath(c.path) === cameraId) n += 1;
  return n;
}

export const restreamConsumers = {
  sessionsChanged(paths: RestreamPaths, demand: Demand, path: string): void {
    const id = paths.cameraOfPath(path);
    if (id !== undefined) demand.set(id, 'restream', restreamCount(paths, id));
  },

  firstFrames(
    paths: RestreamPaths,
    deps?: { ctx: HostContext; demand: Demand; timeoutSec: () => number },
  ): FirstFrames {
    const waiters = new Map<string, Set<Waiter>>();
    const timers = new Set<NodeJS.Timeout>();
    const self: FirstFrames = {
      wait(path) {
        const id = paths.cameraOfPath(path);
        return id === undefined ? Promise.resolve('Camera Not Available') : self.waitCamera(id);
      },
      waitCamera(id) {
        if (!deps) return Promise.resolve('Camera Not Available');
        const record = deps.ctx.config.current.cameras.find((c) => c.id === id);
        if (!record?.enabled) return Promise.resolve('Camera Disabled');
        const sec = deps.timeoutSec();
        return new Promise((resolve) => {
          let set = waiters.get(id);
          if (!set) {
            set = new Set();
            waiters.set(id, set);
          }
          const w: Waiter = {
            done: (why) => {
              clearTimeout(timer);
              timers.delete(timer);
              set.delete(w);
              if (set.size === 0) waiters.delete(id);
              deps.demand.set(id, 'waiting', self.pending(id));
              resolve(why);
            },
          };
          const timer = setTimeout(() => w.done(`No Video From Camera Within ${sec} s`), sec * 1000);
          timers.add(timer);
          set.add(w);
          deps.demand.set(id, 'waiting', self.pending(id));
        });
      },
      frame(cameraId, frame) {
        const set = waiters.get(cameraId);
        if (!set) return;
        // A key frame, or any frame of a camera the fan-out offers no video of.
        const key = frame.kind === 'video' && frame.isRandomAccessPoint;
        if (!key && (frame.kind === 'video' || paths.fanOut(cameraId).tracks === undefined)) return;
        for (const w of [...set]) w.done(undefined);
      },
      pending: (cameraId) => waiters.get(cameraId)?.size ?? 0,
      close() {
        for (const set of [...waiters.values()]) for (const w of [...set]) w.done('Server Closing');
        for (const t of timers) clearTimeout(t);
      },
    };
    return self;
  },

  /**
   * Builds the consumer list per camera, hands it to `publish` (the restream slice's owner; an
   * unchanged list makes no patch there), and feeds the demand.
   */
  sampler(
    ctx: HostContext,
    paths: RestreamPaths,
    sources: ConsumerSources,
    demand: Demand,
    publish: (consumers: Record<string, ConsumerView[]>) => void,
  ): () => void {
    return () => {
      const out: Record<string, ConsumerView[]> = {};
      const add = (id: string, c: Omit<ConsumerView, 'id'>) => {
        const list = out[id] ?? [];
        const base = `${c.kind}-${c.address}-${c.since}`;
        let key = base;
        for (let n = 2; list.some((x) => x.id === key); n++) key = `${base}-${n}`;
        list.push({ id: key, ...c });
        out[id] = list;
      };
      for (const c of paths.server?.consumers() ?? []) {
        const id = paths.cameraOfPath(c.path);
        if (id === undefined) continue;
        add(id, {
          kind: 'restream',
          address: c.address,
          transport: c.transport === undefined ? 'rtsp' : `rtsp/${c.transport}`,
          ...(c.user !== undefined ? { user: c.user } : {}),
          since: c.since,
          bytes: c.bytes,
          drops: c.drops,
        });
      }
      for (const v of sources.live?.consumers() ?? []) {
        add(v.cameraId, {
          kind: 'console',
          address: v.remote ?? 'this app',
          transport: 'console',
          since: v.since,
          bytes: v.bytes,
          drops: v.drops,
        });
      }
      const webrtcCounts = new Map<string, number>();
      for (const v of sources.webrtc?.viewers() ?? []) {
        webrtcCounts.set(v.cameraId, (webrtcCounts.get(v.cameraId) ?? 0) + 1);
        add(v.cameraId, {
          kind: 'webrtc',
          address: v.remote ?? 'connecting',
          transport: v.relayed ? 'webrtc (relayed)' : 'webrtc',
          user: `share ${v.tag}`,
          since: v.since,
          bytes: v.bytesSent,
          drops: v.framesDropped,
        });
      }
      for (const id of Object.keys(ctx.store.state.cameras))
        demand.set(id, 'webrtc', webrtcCounts.get(id) ?? 0);
      publish(out);
    };
  },
};
