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
import type { Platform } from '../shared/state';
import { plural } from '../shared/words';
import { exportConfig, readExport } from './app/config-transfer';
import { Demand } from './app/demand';
import { type RestreamCertificate, type RestreamOverride, RestreamService } from './app/restream-service';
import { SettingsService } from './app/settings-service';
import { CameraService } from './cameras/camera-service';
import { CommandDispatcher, type CommandHandlers } from './commands/dispatch';
import { ConfigModel } from './config-model';
import type { HostContext } from './context';
import { loadConsoleCertificate } from './headless/tls-cert';
import {
  type CameraRuntimeFactory,
  type RelayRuntimeFactory,
  type Services,
  startCameraRuntime,
  startRelayRuntime,
  startRestream,
} from './host-runtimes';
import { type Opened, reportStartup, unreadableInfo } from './host-startup';
import { LiveService, publishLiveCounts } from './live';
import { RelayService } from './relay/relay-service';
import { TurnRuntime } from './relay/turn-runtime';
import type { RestreamServer } from './restream';
import { ShareService } from './sharing/share-service';
import { EventLog, type LogSink } from './state/event-log';
import { type Scheduler, type SliceWriter, type StateListener, StateStore } from './state/state-store';
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
  cameraRuntime?: CameraRuntimeFactory | null;
  /**
   * The TURN server wrapper (default: the real one); tests may pass their own, or null for
   * none. It reports into `state`, the owner of the `relay` slice.
   */
  relayRuntime?: RelayRuntimeFactory | null;
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

/** The services the host builds, before their runtimes (engines) are attached. */
export async function createHost(options: HostOptions): Promise<Host> {
  const now = options.now ?? Date.now;
  const opened = await openConfigAndSecrets(options, now);
  const ctx = openState(options, opened, now);
  const settings = new SettingsService(ctx);
  // The saved settings are in the first snapshot, before any log entry.
  ctx.store.flush();
  reportStartup(ctx.log, options, opened);
  publishUnreadableSecrets(ctx.store.slice('app'), opened.secrets);

  const services = await buildServices(ctx, options, settings);
  const dispatcher = wireCommands(ctx, services);
  const live = openLive(ctx, services);
  const metrics = new Registry();
  await startCameraRuntime(ctx, options, services, live, metrics);
  await startRestream(ctx, services, live);
  await startRelayRuntime(ctx, options, services, metrics);
  return hostApi(ctx, services, dispatcher, live, metrics);
}

async function openConfigAndSecrets(options: HostOptions, now: () => number): Promise<Opened> {
  const configStore = new ConfigStore(options.dataDir, now);
  const loaded = await configStore.load();
  const secrets = new SecretStore(options.dataDir, options.secretBox, now);
  const secretsReport = await secrets.load();
  return { configStore, loaded, secrets, secretsReport };
}

/** The state store, the event log and the context every service shares. */
function openState(options: HostOptions, opened: Opened, now: () => number): HostContext {
  const { loaded, secretsReport } = opened;
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
  const config = new ConfigModel(loaded.config, opened.configStore, opened.secrets);
  return { store, log, config, secrets: opened.secrets, now, logger: options.logger ?? silentLogger };
}

/** The host owns the `app` slice: only the unreadable-secrets notice changes after start. */
function publishUnreadableSecrets(app: SliceWriter<'app'>, secrets: SecretStore): void {
  secrets.onUnreadableChange((count) => {
    const info = unreadableInfo(count, secrets.backend).unreadable;
    if (info) app.set(['secrets', 'unreadable'], info);
    else app.delete(['secrets', 'unreadable']);
  });
}

async function buildServices(
  ctx: HostContext,
  options: HostOptions,
  settings: SettingsService,
): Promise<Services> {
  const demand = new Demand({
    graceMs: () => ctx.config.current.restream.settings.graceSec * 1000,
    changed: () => services.demandChanged(),
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
  const shares = new ShareService(ctx, {
    sender: webrtc,
    turnListeners: () => {
      const turn = services.turnRuntime;
      return turn instanceof TurnRuntime ? (turn.server?.addresses ?? []) : [];
    },
    deleteAllocation: (id) => services.turnRuntime?.deleteAllocation(id),
  });
  const services: Services = {
    settings,
    demand,
    restream,
    cameras,
    relay,
    webrtc,
    shares,
    turnRuntime: undefined,
    demandChanged: () => {},
  };
  return services;
}

/** Every command, by name, and the dispatcher that validates and runs them. */
function wireCommands(ctx: HostContext, services: Services): CommandDispatcher {
  const { settings, cameras, relay, shares, restream } = services;
  const { log, config } = ctx;
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
  return new CommandDispatcher(handlers, (name, err) => {
    log.error('app', `internal error in ${name}: ${(err as Error)?.stack ?? err}`);
  });
}

/** The console's live views; their viewers count as consumers of on-demand cameras. */
function openLive(ctx: HostContext, services: Services): LiveService {
  const publish = publishLiveCounts(ctx.store);
  return new LiveService({
    isCamera: (id) => ctx.store.state.cameras[id] !== undefined,
    onCounts: (id, counts) => {
      publish(id, counts);
      services.demand.set(id, 'console', counts.viewers);
    },
  });
}

function hostApi(
  ctx: HostContext,
  services: Services,
  dispatcher: CommandDispatcher,
  live: LiveService,
  metrics: Registry,
): Host {
  const { store, log, config } = ctx;
  const { cameras, relay, restream, webrtc, shares, demand } = services;
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
