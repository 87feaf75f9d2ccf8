// The composition root. No Electron import: Electron (index.ts) and the headless server
// (headless/) both build a Host and wire it to their transport. The host owns the config,
// the secrets, the authoritative state and the engines, and runs every command.

import { createWriteStream } from 'node:fs';
import { Registry } from 'prom-client';
import pkg from '../../package.json' with { type: 'json' };
import { type Logger, silentLogger } from '../shared/engine-log';
import type { CommandResponse } from '../shared/errors';
import type { StateEvent } from '../shared/events';
import { emptyAppState } from '../shared/initial-state';
import type { Platform, SecretsBackend, SecretsInfo } from '../shared/state';
import { plural } from '../shared/words';
import { exportConfig, readExport } from './app/config-transfer';
import { Demand } from './app/demand';
import { type RestreamCertificate, type RestreamOverride, RestreamService } from './app/restream-service';
import { SettingsService } from './app/settings-service';
import { openAuthLedger } from './cameras/auth-ledger-file';
import { registerCameraMetrics } from './cameras/camera-metrics';
import { type CameraRuntime, CameraService } from './cameras/camera-service';
import type { CameraViews } from './cameras/camera-views';
import { CameraManager } from './cameras/manager';
import { probeCamera } from './cameras/probe-camera';
import { CommandDispatcher, type CommandHandlers } from './commands/dispatch';
import { ConfigModel } from './config-model';
import type { HostContext } from './context';
import { loadConsoleCertificate } from './headless/tls-cert';
import { LiveService, publishLiveCounts } from './live';
import { type RelayRuntime, RelayService } from './relay/relay-service';
import type { RelayState } from './relay/relay-state';
import { TurnRuntime } from './relay/turn-runtime';
import type { RestreamServer } from './restream';
import { ShareService } from './sharing/share-service';
import { EventLog, type LogSink } from './state/event-log';
import { type Scheduler, type StateListener, StateStore } from './state/state-store';
import type { Config } from './store/config-schema';
import { ConfigStore } from './store/config-store';
import type { SecretBox } from './store/secret-box';
import { SecretStore } from './store/secret-store';
import { freeUdpPort, WebRtcSender, type WebRtcSenderOptions } from './webrtc';

export interface HostOptions {
  dataDir: string;
  platform: Platform;
  secretBox: SecretBox;
  now?: () => number;
  scheduler?: Scheduler;
  /** Receives every log entry as it is added (the CLI prints them). */
  logSink?: LogSink;
  /** Engine diagnostics (the CLI's `--log-level`); default: none. */
  logger?: Logger;
  /**
   * The camera manager (default: the real one); tests may pass their own, or null for none.
   * It reports into `views`, the owner of the `cameras` slice.
   */
  cameraRuntime?: ((ctx: HostContext, views: CameraViews) => CameraRuntime) | null;
  /**
   * The TURN server wrapper (default: the real one); tests may pass their own, or null for
   * none. It reports into `state`, the owner of the `relay` slice.
   */
  relayRuntime?: ((ctx: HostContext, state: RelayState) => RelayRuntime) | null;
  /** The WebRTC sender's one UDP port (ICE mux) and address; port 0 picks a free one. */
  webrtc?: { bindAddress?: string; port?: number };
  /**
   * The restream listener for this run instead of config.json's (`--restream-listen`): its
   * refusal (a non-loopback host without users, RestreamListenError) or a taken port makes
   * createHost reject. Absent: config.json's listener, whose failures are only reported.
   */
  restream?: RestreamOverride;
  /** Serve restreams as rtsps:// with this certificate (`--restream-tls-cert/--restream-tls-key`). */
  restreamTls?: RestreamCertificate;
  /**
   * The certificate `restream.settings.tls` serves with: the console's (the CLI passes the
   * operator's `--tls-cert`). Default: the self-signed one in the data dir, made on first use.
   */
  certificate?: () => Promise<RestreamCertificate>;
}

export interface Host {
  readonly store: StateStore;
  readonly log: EventLog;
  readonly config: Readonly<Config>;
  readonly context: HostContext;
  /** Live video: the camera manager's frame tap and the media channels (src/main/live). */
  readonly live: LiveService;
  /** Prometheus metrics of the engines (served at /metrics by the headless console). */
  readonly metrics: Registry;
  /** Remote viewing: the WebRTC sender and the share links it serves. */
  readonly webrtc: WebRtcSender;
  readonly shares: ShareService;
  /** The restream listener while one runs (config.json `restream`, or `options.restream`). */
  readonly restream: RestreamServer | undefined;
  /**
   * Connects an on-demand camera that is idle and resolves once it sent a key frame (at
   * once for one that sends already), or with the reason it did not (a WebRTC offer waits).
   */
  awaitCamera(cameraId: string): Promise<string | undefined>;
  call(name: unknown, args: unknown): Promise<CommandResponse<unknown>>;
  subscribe(listener: StateListener): () => void;
  snapshot(): StateEvent;
  close(): Promise<void>;
}

/** The state notice for secrets that cannot be decrypted, in the operator's words. */
function unreadableInfo(count: number, backend: SecretsBackend): Pick<SecretsInfo, 'unreadable'> {
  if (count === 0) return {};
  const where =
    backend === 'file-key'
      ? 'with this secret.key (it was replaced, lost or comes from another machine)'
      : "with this system's keychain (another user, machine or keyring)";
  return {
    unreadable: {
      count,
      hint:
        `${plural(count, 'saved password')} could not be decrypted ${where}. ${count === 1 ? 'It is' : 'They are'} kept in secrets.json, ` +
        'not deleted: restore the original key and restart camrelay to get them back, or enter them again.',
    },
  };
}

export async function createHost(options: HostOptions): Promise<Host> {
  const now = options.now ?? Date.now;
  const configStore = new ConfigStore(options.dataDir, now);
  const loaded = await configStore.load();
  const secrets = new SecretStore(options.dataDir, options.secretBox, now);
  const secretsReport = await secrets.load();

  const store = new StateStore(
    emptyAppState({
      version: pkg.version,
      platform: options.platform,
      dataDir: options.dataDir,
      startedAt: now(),
      config: loaded.health,
      secrets: {
        backend: options.secretBox.backend,
        ...(options.secretBox.warning ? { warning: options.secretBox.warning } : {}),
        ...unreadableInfo(secretsReport.unreadable.length, options.secretBox.backend),
      },
    }),
    options.scheduler ? { scheduler: options.scheduler } : {},
  );
  const log = new EventLog(store, { now, ...(options.logSink ? { sink: options.logSink } : {}) });
  const config = new ConfigModel(loaded.config, configStore, secrets);
  const ctx: HostContext = { store, log, config, secrets, now, logger: options.logger ?? silentLogger };
  const settings = new SettingsService(ctx);
  store.flush();

  log.info('app', `camrelay ${pkg.version} started (${options.platform}), data in ${options.dataDir}`);
  if (loaded.health.status === 'created') log.info('config', `no config found: created ${configStore.path}`);
  if (loaded.health.status === 'recovered') {
    const where = loaded.health.movedTo ? `; the bad file was moved to ${loaded.health.movedTo}` : '';
    log.error('config', `config ${configStore.path} ${loaded.health.reason}: started on defaults${where}`);
  }
  if (secretsReport.recovered) {
    log.error(
      'config',
      `secrets file was unusable (${secretsReport.recovered.reason}); moved to ${secretsReport.recovered.movedTo}`,
    );
  }
  if (secretsReport.unreadable.length) {
    log.warn('config', unreadableInfo(secretsReport.unreadable.length, secrets.backend).unreadable!.hint);
  }
  // The host owns the `app` slice: only the unreadable-secrets notice changes after start.
  const app = store.slice('app');
  secrets.onUnreadableChange((count) => {
    const info = unreadableInfo(count, secrets.backend).unreadable;
    if (info) app.set(['secrets', 'unreadable'], info);
    else app.delete(['secrets', 'unreadable']);
  });
  const leftovers = [...loaded.removedLeftovers, ...(secretsReport.removedLeftovers ?? [])];
  if (leftovers.length) {
    log.info(
      'config',
      `removed ${plural(leftovers.length, 'temporary file')} of interrupted writes: ${leftovers.join(', ')}`,
    );
  }
  if (loaded.health.status === 'partial') {
    const kept = loaded.health.keptAs ? `; the file as it was is kept as ${loaded.health.keptAs}` : '';
    log.error('config', `config ${configStore.path} loaded without: ${loaded.health.reason}${kept}`);
  }
  if (options.secretBox.warning) log.warn('config', options.secretBox.warning);

  // On-demand cameras run while someone watches (and a grace period after); the camera
  // manager is told when that changes, once it exists.
  let demandChanged: () => void = () => {};
  const demand = new Demand({
    graceMs: () => config.current.restream.settings.graceSec * 1000,
    changed: () => demandChanged(),
  });
  const restream = new RestreamService(ctx, demand, {
    ...(options.restream ? { override: options.restream } : {}),
    ...(options.restreamTls ? { tls: options.restreamTls } : {}),
    certificate: options.certificate ?? (() => loadConsoleCertificate({ dataDir: options.dataDir })),
  });
  const cameras = new CameraService(ctx);
  const relay = new RelayService(ctx);
  const webrtcBind = options.webrtc?.bindAddress ?? '0.0.0.0';
  const webrtc = new WebRtcSender({
    ...frameTraceOption(),
    bindAddress: webrtcBind,
    port: options.webrtc?.port || (await freeUdpPort(webrtcBind)),
    logger: ctx.logger.child('webrtc'),
  });
  let turnRuntime: RelayRuntime | undefined;
  const shares = new ShareService(ctx, {
    sender: webrtc,
    turnListeners: () => (turnRuntime instanceof TurnRuntime ? (turnRuntime.server?.addresses ?? []) : []),
    deleteAllocation: (id) => turnRuntime?.deleteAllocation(id),
  });

  const handlers: CommandHandlers = {
    ...settings.handlers(),
    ...cameras.handlers(),
    ...relay.handlers(),
    ...shares.handlers(),
    ...restream.handlers(),
    exportLog: () => ({ jsonl: log.toJsonLines(), count: log.size }),
    exportConfig: ({ includeSecrets, passphrase }) => exportConfig(ctx, includeSecrets, passphrase),
    importConfig: async ({ json, passphrase, check }) => {
      const imported = await readExport(json, passphrase);
      if (check) return imported.summary;
      // One unit of work: the config and its passwords, or nothing.
      await config.update((_current, tx) => {
        if (imported.secrets) tx.replaceAll(imported.secrets);
        return imported.config;
      });
      settings.reload();
      cameras.reload();
      await relay.reload();
      await restream.reload();
      log.info('config', `configuration imported: ${plural(imported.summary.cameras, 'camera')}`);
      return imported.summary;
    },
  };

  const dispatcher = new CommandDispatcher(handlers, (name, err) => {
    log.error('app', `internal error in ${name}: ${(err as Error)?.stack ?? err}`);
  });

  const publish = publishLiveCounts(store);
  const live = new LiveService({
    isCamera: (id) => store.get(['cameras', id]) !== undefined,
    onCounts: (id, counts) => {
      publish(id, counts);
      demand.set(id, 'console', counts.viewers);
    },
  });
  const authLedger = await openAuthLedger(options.dataDir, {
    onWriteError: (e) =>
      log.warn('camera', `could not save the refused-login schedule: ${(e as Error).message}`),
  });
  const metrics = new Registry();
  const cameraMetrics = registerCameraMetrics(metrics, store);
  const cameraRuntime =
    options.cameraRuntime === undefined
      ? (c: HostContext, views: CameraViews) =>
          new CameraManager(c, {
            views,
            probe: (input) => probeCamera(input),
            statusChanging: cameraMetrics.statusChanging,
            // Every consumer reads the camera's one session: the console's live view and
            // the WebRTC viewers.
            frameTap: (id) => {
              const toLive = live.frameTap(id);
              const toWebRtc = webrtc.frameTap(id);
              const toRestream = restream.tap(id);
              return (frame, streams) => {
                toLive(frame, streams);
                toWebRtc(frame, streams);
                toRestream(frame, streams);
              };
            },
            cameraRemoved: (id) => live.removeCamera(id),
            demanded: (id) => demand.has(id),
            authLedger,
          })
      : options.cameraRuntime;
  if (cameraRuntime) {
    const runtime = cameraRuntime(ctx, cameras.views);
    if (runtime instanceof CameraManager) demandChanged = () => runtime.demandChanged();
    cameras.attachRuntime(runtime);
  }
  // Paths follow every camera change (added, renamed without a stored path, deleted).
  cameras.onSynced((c) => restream.syncCameras(c));
  try {
    await restream.start({ live, webrtc });
  } catch (err) {
    // Only --restream-listen throws (refused or taken): its caller reports it and exits.
    await Promise.allSettled([cameras.close(), restream.close()]);
    webrtc.close();
    live.close();
    demand.close();
    store.close();
    throw err;
  }
  const relayRuntime =
    options.relayRuntime === undefined
      ? (c: HostContext, state: RelayState) =>
          new TurnRuntime(c, {
            state,
            registry: metrics,
            shares: {
              secret: shares.turnSecret,
              peerGrant: shares.peerGrant,
              describeUser: (u) => shares.describeUser(u),
            },
          })
      : options.relayRuntime;
  if (relayRuntime) {
    turnRuntime = relayRuntime(ctx, relay.state);
    await relay.attachRuntime(turnRuntime);
  }

  return {
    store,
    log,
    context: ctx,
    live,
    metrics,
    webrtc,
    shares,
    get restream() {
      return restream.server;
    },
    get config() {
      return config.current;
    },
    awaitCamera: (cameraId) => restream.firstFrames.waitCamera(cameraId),
    async call(name, args) {
      const response = await dispatcher.call(name, args);
      // A command's effects reach subscribers before its answer does, so a form that clears
      // its optimistic value on the answer never shows the old state in between.
      store.flush();
      return response;
    },
    subscribe: (listener) => store.subscribe(listener),
    snapshot: () => store.snapshot(),
    async close() {
      shares.close();
      webrtc.close();
      await Promise.allSettled([cameras.close(), relay.close(), restream.close()]);
      demand.close();
      live.close();
      store.close();
    },
  };
}

/**
 * CAMRELAY_WEBRTC_FRAME_TRACE=<file>: one line per video frame sent to WebRTC viewers,
 * `<camera id> <RTP timestamp> <wall ms>` (for bench:webrtc's latency; off otherwise).
 */
function frameTraceOption(): Pick<WebRtcSenderOptions, 'videoSent'> {
  const path = process.env.CAMRELAY_WEBRTC_FRAME_TRACE;
  if (!path) return {};
  const out = createWriteStream(path, { flags: 'a' });
  return { videoSent: (id, ts) => out.write(`${id} ${ts} ${Date.now()}\n`) };
}
