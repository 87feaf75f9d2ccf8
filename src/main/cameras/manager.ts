// The camera manager: one supervisor per enabled camera, one SessionGroup per group id, and
// the projection of both into the state. Figures are sampled on one shared tick (1 Hz), never
// per frame. Implements the CameraRuntime the camera service drives.
import type { CameraView, FigureHistory, ProbeReport } from '../../shared/cameras';
import { HISTORY_POINTS } from '../../shared/cameras';
import { FIGURES_INTERVAL_MS } from '../../shared/events';
import type { HostContext } from '../context';
import { type Clock, systemClock, type TimerHandle } from '../rtsp/clock';
import { RtspError } from '../rtsp/error';
import { SessionGroup } from '../rtsp/group';
import type { Config } from '../store/config-schema';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { type CameraRuntime, type ProbeInput, passwordKey } from './camera-service';
import { serverKey } from './camera-url';
import { sameConnection } from './connection-key';
import { type GroupKey, groupFor } from './grouping';
import { CameraSupervisor, type SupervisorConfig, type SupervisorHooks } from './supervisor';
import { groupView, streamView } from './views';

export interface CameraManagerOptions {
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  tickMs?: number;
  probe?: (input: ProbeInput) => Promise<ProbeReport>;
  /** Extra hook for every supervisor (the live view's frame tap). */
  frameTap?: (cameraId: string) => SupervisorHooks['frame'];
}

interface GroupEntry {
  key: GroupKey;
  group: SessionGroup;
  offChange: () => void;
}

interface Sample {
  at: number;
  bytes: number;
  frames: number;
  ts: number | undefined;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export class CameraManager implements CameraRuntime {
  readonly #supervisors = new Map<string, { sup: CameraSupervisor }>();
  readonly #groups = new Map<string, GroupEntry>();
  readonly #buggyServers = new Set<string>();
  readonly #samples = new Map<string, Sample>();
  readonly #clock: Clock;
  #tick: TimerHandle | undefined;
  #config: Config | undefined;
  #closed = false;

  constructor(
    private readonly ctx: HostContext,
    private readonly options: CameraManagerOptions = {},
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#armTick();
  }

  get groups(): ReadonlyMap<string, GroupEntry> {
    return this.#groups;
  }

  supervisor(cameraId: string): CameraSupervisor | undefined {
    return this.#supervisors.get(cameraId)?.sup;
  }

  sync(config: Config): void {
    if (this.#closed) return;
    this.#config = config;
    const wanted = new Map<string, SupervisorConfig>();
    for (const camera of config.cameras) {
      if (!camera.enabled) continue;
      const key = groupFor(camera, config.grouping.mode, this.#buggyServers);
      wanted.set(camera.id, {
        id: camera.id,
        url: camera.url,
        username: camera.username,
        password: this.ctx.secrets.get(passwordKey(camera.id)),
        transport: camera.transport,
        policies: camera.policies,
        group: this.#groupEntry(key).group,
        groupId: key.id,
      });
    }
    for (const [id, running] of [...this.#supervisors]) {
      const next = wanted.get(id);
      if (!next || !sameConnection(next, running.sup.config)) {
        this.#supervisors.delete(id);
        void running.sup.stop();
      }
    }
    for (const [id, cfg] of wanted) {
      if (this.#supervisors.has(id)) continue;
      const sup = new CameraSupervisor(
        cfg,
        {
          clock: this.#clock,
          backoff: this.options.backoff ?? DEFAULT_BACKOFF,
          random: this.options.random ?? Math.random,
        },
        this.#hooks(id, cfg),
      );
      this.#supervisors.set(id, { sup });
      this.#setCamera(id, 'groupId', cfg.groupId);
      sup.start();
    }
    for (const camera of config.cameras) {
      if (!camera.enabled) {
        this.#setCamera(camera.id, 'status', { state: 'disabled' });
        this.#setCamera(camera.id, 'figures', undefined);
      }
    }
    this.#publishGroups();
  }

  #hooks(id: string, cfg: SupervisorConfig): SupervisorHooks {
    const frame = this.options.frameTap?.(id);
    return {
      status: (status) => {
        // A replaced or stopped supervisor may still report while it winds down: ignore it.
        if (this.#supervisors.get(id)?.sup.config !== cfg) return;
        const previous = this.ctx.store.get<CameraView['status'] | undefined>(['cameras', id, 'status']);
        this.#setCamera(id, 'status', status);
        if (status.state !== 'playing') {
          this.#setCamera(id, 'figures', undefined);
          this.#samples.delete(id);
        }
        if (previous?.state !== status.state) this.#logStatus(id, status);
      },
      failure: (failure, error) => {
        this.#setCamera(id, 'lastFailure', failure);
        // Data of another session on our connection: only buggy live555 servers do that.
        if (error instanceof RtspError && error.kind === 'stale-session') {
          this.#setCamera(id, 'live555Bug', true);
          this.#markBuggy(cfg, 'sends data of stale sessions (the live555 stale-TCP-session bug)');
        }
      },
      described: (info) => {
        this.#setCamera(id, 'serverTool', info.tool);
        this.#setCamera(id, 'live555Bug', info.live555Bug);
        this.#setCamera(id, 'streams', info.streams.map(streamView));
        if (
          info.live555Bug &&
          this.#markBuggy(cfg, `runs ${info.tool}, which has the live555 stale-TCP-session bug`)
        ) {
          return false;
        }
        return true;
      },
      ...(frame ? { frame } : {}),
    };
  }

  /**
   * Records a server with the live555 stale-TCP bug. Returns true when the camera's group
   * changes because of it (its supervisor must end; a resync starts one in the new group).
   */
  #markBuggy(cfg: SupervisorConfig, why: string): boolean {
    const server = serverKey(cfg.url);
    if (this.#buggyServers.has(server)) return false;
    this.#buggyServers.add(server);
    this.ctx.log.warn('group', `${server} ${why}: its cameras are grouped per server`, `server:${server}`);
    if (this.#config && cfg.groupId.startsWith('url:')) {
      // The camera moves to its server's group. Sessions still tracked in its URL group may
      // be playing on that server: carry them over conservatively, as one stale session of
      // the live555 kind (65 s, longer than the 60 s default session timeout).
      if (cfg.group.staleSessions().count > 0) {
        this.#groupEntry({ id: `server:${server}`, kind: 'server', label: server }).group.noteLive555Stale({
          url: cfg.url,
        });
      }
      const config = this.#config;
      queueMicrotask(() => this.sync(config));
      return true;
    }
    return false;
  }

  #logStatus(id: string, status: CameraView['status']): void {
    const name = this.ctx.store.get<string | undefined>(['cameras', id, 'name']) ?? id;
    switch (status.state) {
      case 'playing':
        this.ctx.log.info('camera', `"${name}" playing`, id);
        break;
      case 'backing-off':
        this.ctx.log.warn(
          'camera',
          `"${name}": ${status.failure.message} Retry ${status.attempt} in ${Math.round((status.retryAt - status.since) / 1000)} s. (${status.failure.detail ?? ''})`,
          id,
        );
        break;
      case 'waiting-stale':
        this.ctx.log.info(
          'camera',
          `"${name}" waits for ${status.count} stale session(s) in ${status.groupId}`,
          id,
        );
        break;
      default:
        break;
    }
  }

  #setCamera(id: string, field: keyof CameraView, value: unknown): void {
    // A deleted camera's supervisor may still report while it stops: never recreate it.
    if (this.ctx.store.get(['cameras', id]) === undefined) return;
    if (value === undefined) this.ctx.store.delete(['cameras', id, field]);
    else this.ctx.store.set(['cameras', id, field], value);
  }

  #groupEntry(key: GroupKey): GroupEntry {
    let entry = this.#groups.get(key.id);
    if (!entry) {
      const group = new SessionGroup({ name: key.id, clock: this.#clock });
      const offChange = group.onChange(() => this.#publishGroup(key.id));
      entry = { key, group, offChange };
      this.#groups.set(key.id, entry);
    }
    return entry;
  }

  #publishGroup(groupId: string): void {
    const entry = this.#groups.get(groupId);
    if (!entry) return;
    const cameraIds = [...this.#supervisors.entries()]
      .filter(([, s]) => s.sup.config.groupId === groupId)
      .map(([id]) => id);
    const details = entry.group.detail();
    const active = details.some((d) => d.active);
    if (cameraIds.length === 0 && !active) {
      // Nothing left to protect: forget the group.
      entry.offChange();
      this.#groups.delete(groupId);
      this.ctx.store.delete(['groups', groupId]);
      return;
    }
    const server = entry.key.kind === 'server' ? entry.key.label : undefined;
    this.ctx.store.set(
      ['groups', groupId],
      groupView(entry.key, cameraIds, details, server !== undefined && this.#buggyServers.has(server)),
    );
  }

  #publishGroups(): void {
    for (const id of [...this.#groups.keys()]) this.#publishGroup(id);
  }

  #armTick(): void {
    this.#tick = this.#clock.setTimeout(() => {
      if (this.#closed) return;
      this.sample();
      this.#armTick();
    }, this.options.tickMs ?? FIGURES_INTERVAL_MS);
  }

  /** Samples every camera's counters into figures and history. Called by the tick. */
  sample(): void {
    const now = this.#clock.now();
    const wall = this.#clock.wallNow();
    for (const [id, { sup }] of this.#supervisors) {
      if (this.ctx.store.get(['cameras', id]) === undefined) continue;
      const stats = sup.stats();
      let kbps = 0;
      let fps = 0;
      if (stats) {
        const c = sup.counters;
        let bytes = 0;
        let lost = 0;
        for (const s of stats) {
          bytes += s.bytes;
          lost += s.lost;
        }
        const prev = this.#samples.get(id);
        if (prev && now > prev.at) {
          const dt = now - prev.at;
          kbps = Math.round(((bytes - prev.bytes) * 8) / dt);
          // Frames per second of media time (RTP timestamps), not of arrival: network bursts
          // and sampling jitter do not make a 30 fps camera read 27 or 33.
          const mediaSec =
            prev.ts !== undefined && c.lastTs !== undefined ? (c.lastTs - prev.ts) / c.clockRate : 0;
          fps = round1(
            mediaSec > 0 ? (c.frames - prev.frames) / mediaSec : ((c.frames - prev.frames) * 1000) / dt,
          );
        }
        this.#samples.set(id, { at: now, bytes, frames: c.frames, ts: c.lastTs });
        if (prev) {
          this.ctx.store.set(['cameras', id, 'figures'], {
            fps,
            kbps,
            // Every frame a key frame (MJPEG): no interval to show.
            ...(c.keyIntervalSec !== undefined && c.keyFrames < c.frames
              ? { keyFrameIntervalSec: round1(c.keyIntervalSec) }
              : {}),
            lostPackets: lost,
            frames: c.frames,
            bytes,
          });
        }
        if (c.parametersChanged) {
          c.parametersChanged = false;
          this.ctx.store.set(['cameras', id, 'streams'], sup.streams.map(streamView));
        }
      }
      this.#appendHistory(id, wall, kbps, fps);
    }
    this.#publishGroups();
  }

  #appendHistory(id: string, t: number, kbps: number, fps: number): void {
    const base = ['cameras', id, 'history'] as const;
    const h = this.ctx.store.get<FigureHistory | undefined>(base);
    if (!h) return;
    this.ctx.store.append([...base, 't'], [t], HISTORY_POINTS);
    this.ctx.store.append([...base, 'kbps'], [kbps], HISTORY_POINTS);
    this.ctx.store.append([...base, 'fps'], [fps], HISTORY_POINTS);
  }

  probe(input: ProbeInput): Promise<ProbeReport> {
    if (!this.options.probe) return Promise.reject(new Error('no probe available'));
    return this.options.probe(input);
  }

  forgetStaleSessions(groupId: string): number {
    const entry = this.#groups.get(groupId);
    if (!entry) return 0;
    const n = entry.group.forget();
    this.#publishGroup(groupId);
    return n;
  }

  async awaitTeardowns(groupId: string): Promise<string[]> {
    const entry = this.#groups.get(groupId);
    if (!entry) return [];
    const failures = await entry.group.awaitTeardown();
    return failures.map((f) => `session ${f.sessionId ?? f.id}: ${f.error.message}`);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#tick) this.#clock.clearTimeout(this.#tick);
    const stopping = [...this.#supervisors.values()].map((s) => s.sup.stop());
    this.#supervisors.clear();
    await Promise.allSettled(stopping);
  }
}
