// The camera manager: one supervisor per enabled camera, one SessionGroup per group id, and
// the projection of both into the state. Figures are sampled on one shared tick (1 Hz), never
// per frame. Implements the CameraRuntime the camera service drives.
import { createHmac, randomBytes } from 'node:crypto';
import type { CameraView, GroupingMode, ProbeReport } from '../../shared/cameras';
import type { Logger } from '../../shared/engine-log';
import { FIGURES_INTERVAL_MS } from '../../shared/events';
import type { HostContext } from '../context';
import { type Clock, RtspError, systemClock, type TimerHandle } from '../rtsp/index';
import type { Config } from '../store/config-schema';
import { AuthLedger } from './auth-schedule';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { type CameraRuntime, type ProbeInput, passwordKey } from './camera-service';
import { serverKey } from './camera-url';
import { type CameraRuntimeField, CameraViews } from './camera-views';
import { ConnectSlots } from './connect-slots';
import { sameConnection } from './connection-key';
import { type GroupEntry, GroupRegistry } from './group-registry';
import { camerasToReconnect, type GroupKey, groupFor, planRegroup } from './grouping';
import { logStatus } from './status-log';
import { CameraSupervisor, type SupervisorConfig, type SupervisorHooks } from './supervisor';
import { streamView } from './views';

export interface CameraManagerOptions {
  clock?: Clock;
  backoff?: BackoffPolicy;
  random?: () => number;
  tickMs?: number;
  probe?: (input: ProbeInput) => Promise<ProbeReport>;
  /** Extra hook for every supervisor (the live view's frame tap). */
  frameTap?: (cameraId: string) => SupervisorHooks['frame'];
  /** A camera left the config: whatever else holds per-camera state lets go (the live feed). */
  cameraRemoved?: (cameraId: string) => void;
  /** Refused logins per camera (persisted by the host; in memory by default). */
  authLedger?: AuthLedger;
  /** Connection attempts in flight to one server at once (default DEFAULT_CONNECTS_PER_SERVER). */
  connectsPerServer?: number;
  /**
   * Whether an on-demand camera has a consumer (or is in its grace period): only then does it
   * get a supervisor. Absent: on-demand cameras run like 'always' ones.
   */
  demanded?: (cameraId: string) => boolean;
  /** Called before a camera's new status is stored (the metrics count what ends). */
  statusChanging?: (cameraId: string, next: CameraView['status']) => void;
  /** The RTSP engine's diagnostics, for every camera's supervisor and session (default: silent). */
  logger?: Logger;
  /**
   * The owner of the `cameras` state slice, where the manager reports (the host passes the
   * camera service's). Absent: one over `ctx.store`, for tests that run a manager alone.
   */
  views?: CameraViews;
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
  readonly #groups: GroupRegistry;
  readonly #auth: AuthLedger;
  readonly #slots: ConnectSlots;
  /** Keys credentials for the auth ledger without holding them (per run, never stored). */
  readonly #credentialsSalt = randomBytes(16);
  readonly #buggyServers = new Set<string>();
  readonly #samples = new Map<string, Sample>();
  /** Every camera id of the last synced config (to notice deletions). */
  readonly #known = new Set<string>();
  readonly #clock: Clock;
  readonly #views: CameraViews;
  #tick: TimerHandle | undefined;
  #config: Config | undefined;
  #closed = false;

  constructor(
    private readonly ctx: HostContext,
    private readonly options: CameraManagerOptions = {},
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#views = options.views ?? new CameraViews(ctx.store.slice('cameras'));
    this.#auth = options.authLedger ?? new AuthLedger(options.random ? { random: options.random } : {});
    this.#slots = new ConnectSlots(options.connectsPerServer);
    this.#groups = new GroupRegistry({
      ctx,
      clock: this.#clock,
      members: (groupId) =>
        [...this.#supervisors.entries()]
          .filter(([, s]) => s.sup.config.groupId === groupId)
          .map(([id]) => id),
      isBuggy: (server) => this.#buggyServers.has(server),
    });
    this.#armTick();
  }

  get groups(): ReadonlyMap<string, GroupEntry> {
    return this.#groups.entries;
  }

  supervisor(cameraId: string): CameraSupervisor | undefined {
    return this.#supervisors.get(cameraId)?.sup;
  }

  sync(config: Config): void {
    if (this.#closed) return;
    this.#config = config;
    const keys = this.#groupKeys(config);
    // Groups that keep the same cameras under a new id are renamed, not rebuilt: their
    // cameras keep playing (see planRegroup).
    const next = new Map([...keys].map(([id, key]) => [id, key.id]));
    for (const [from, to] of planRegroup(this.#runningGroups(), next)) {
      const key = [...keys.values()].find((k) => k.id === to)!;
      this.#groups.rename(from, key);
    }
    const wanted = new Map<string, SupervisorConfig>();
    for (const camera of config.cameras) {
      const key = keys.get(camera.id);
      if (!key) continue;
      wanted.set(camera.id, {
        id: camera.id,
        url: camera.url,
        username: camera.username,
        password: this.ctx.secrets.get(passwordKey(camera.id)),
        transport: camera.transport,
        policies: camera.policies,
        group: this.#groups.entry(key).group,
        groupId: key.id,
      });
    }
    for (const [id, running] of [...this.#supervisors]) {
      const next = wanted.get(id);
      if (next && !running.sup.ended && sameConnection(next, running.sup.config)) continue;
      if (
        next &&
        !running.sup.ended &&
        next.group === running.sup.config.group &&
        sameConnection({ ...next, groupId: running.sup.config.groupId }, running.sup.config)
      ) {
        // Its group was renamed: same SessionGroup, same cameras. Only the id changes.
        running.sup.config.groupId = next.groupId;
        this.#setCamera(id, 'groupId', next.groupId);
        continue;
      }
      this.#supervisors.delete(id);
      void running.sup.stop();
    }
    const configured = new Set(config.cameras.map((c) => c.id));
    for (const id of [...this.#known]) {
      if (configured.has(id)) continue;
      this.#known.delete(id);
      this.#samples.delete(id);
      this.#auth.forget(id);
      this.options.cameraRemoved?.(id);
    }
    for (const id of configured) this.#known.add(id);
    for (const [id, cfg] of wanted) {
      if (this.#supervisors.has(id)) continue;
      const sup = new CameraSupervisor(
        cfg,
        {
          clock: this.#clock,
          backoff: this.options.backoff ?? DEFAULT_BACKOFF,
          random: this.options.random ?? Math.random,
          auth: this.#auth.gate(id, this.#credentialsKey(cfg)),
          slot: this.#slots.forServer(serverKey(cfg.url)),
          ...(this.options.logger ? { logger: this.options.logger } : {}),
        },
        this.#hooks(id, cfg),
      );
      this.#supervisors.set(id, { sup });
      this.#setCamera(id, 'groupId', cfg.groupId);
      sup.start();
    }
    for (const camera of config.cameras) {
      if (!camera.enabled || !keys.has(camera.id)) {
        const status = camera.enabled ? { state: 'idle' as const } : { state: 'disabled' as const };
        if (this.#views.get(camera.id)?.status.state !== status.state) {
          this.options.statusChanging?.(camera.id, status);
          if (camera.enabled) logStatus(this.ctx, camera.id, status);
        }
        this.#setCamera(camera.id, 'status', status);
        this.#setCamera(camera.id, 'figures', undefined);
      }
    }
    this.#groups.publishAll();
  }

  /** An on-demand camera's consumers came or went (after its grace): start or stop it. */
  demandChanged(): void {
    if (this.#config) this.sync(this.#config);
  }

  /** The group of every camera that should run under `config` (enabled, and wanted now). */
  #groupKeys(config: Config): Map<string, GroupKey> {
    const keys = new Map<string, GroupKey>();
    const demanded = this.options.demanded;
    for (const camera of config.cameras) {
      if (!camera.enabled) continue;
      if (camera.mode === 'on-demand' && demanded && !demanded(camera.id)) continue;
      keys.set(camera.id, groupFor(camera, config.grouping.mode, this.#buggyServers));
    }
    return keys;
  }

  #runningGroups(): Map<string, string> {
    return new Map([...this.#supervisors].map(([id, s]) => [id, s.sup.config.groupId]));
  }

  /** Cameras a change to grouping `mode` would reconnect (the others keep playing). */
  previewGrouping(mode: GroupingMode): string[] {
    if (!this.#config) return [];
    const config = { ...this.#config, grouping: { ...this.#config.grouping, mode } };
    const next = new Map([...this.#groupKeys(config)].map(([id, key]) => [id, key.id]));
    return camerasToReconnect(this.#runningGroups(), next);
  }

  /** The operator's "Retry now". False when the camera does not run (disabled or unknown). */
  retryNow(cameraId: string): boolean {
    const sup = this.#supervisors.get(cameraId)?.sup;
    if (!sup) return false;
    sup.retryNow();
    return true;
  }

  #credentialsKey(cfg: SupervisorConfig): string {
    return createHmac('sha256', this.#credentialsSalt)
      .update(`${cfg.username}\0${cfg.password ?? ''}`)
      .digest('base64url');
  }

  #hooks(id: string, cfg: SupervisorConfig): SupervisorHooks {
    const frame = this.options.frameTap?.(id);
    return {
      status: (status) => {
        // A replaced or stopped supervisor may still report while it winds down: ignore it.
        if (this.#supervisors.get(id)?.sup.config !== cfg) return;
        const previous = this.#views.get(id)?.status;
        this.options.statusChanging?.(id, status);
        this.#setCamera(id, 'status', status);
        if (status.state !== 'playing') {
          this.#setCamera(id, 'figures', undefined);
          this.#samples.delete(id);
        }
        if (previous?.state !== status.state) logStatus(this.ctx, id, status);
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
      warning: (message) => this.ctx.log.warn('camera', message, id),
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
        this.#groups.entry({ id: `server:${server}`, kind: 'server', label: server }).group.noteLive555Stale({
          url: cfg.url,
        });
      }
      const config = this.#config;
      queueMicrotask(() => this.sync(config));
      return true;
    }
    return false;
  }

  #setCamera<F extends CameraRuntimeField>(id: string, field: F, value: CameraView[F] | undefined): void {
    // A deleted camera's supervisor may still report while it stops: the owner never recreates it.
    this.#views.report(id, field, value);
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
      if (this.#views.get(id) === undefined) continue;
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
          this.#setCamera(id, 'figures', {
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
          this.#setCamera(id, 'streams', sup.streams.map(streamView));
        }
      }
      this.#views.appendHistory(id, wall, kbps, fps);
    }
    this.#groups.publishAll();
  }

  probe(input: ProbeInput): Promise<ProbeReport> {
    if (!this.options.probe) return Promise.reject(new Error('no probe available'));
    return this.options.probe(input);
  }

  forgetStaleSessions(groupId: string): number {
    return this.#groups.forget(groupId);
  }

  dismissTeardownFailures(groupId: string): number {
    return this.#groups.dismiss(groupId);
  }

  awaitTeardowns(groupId: string): Promise<string[]> {
    return this.#groups.awaitTeardowns(groupId);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#tick) this.#clock.clearTimeout(this.#tick);
    const stopping = [...this.#supervisors.values()].map((s) => s.sup.stop());
    this.#supervisors.clear();
    await Promise.allSettled(stopping);
  }
}
