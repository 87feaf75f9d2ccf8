// The composition root. No Electron import: Electron (index.ts) and the headless server
// (headless/) both build a Host and wire it to their transport. The host owns the config,
// the secrets, the authoritative state and the engines, and runs every command.
import pkg from '../../package.json' with { type: 'json' };
import type { CommandName } from '../shared/commands';
import type { CommandResponse } from '../shared/errors';
import { CommandFailure } from '../shared/errors';
import type { StateEvent } from '../shared/events';
import type { SettingsPatch } from '../shared/settings';
import type { AppState, Platform } from '../shared/state';
import { CommandDispatcher, type CommandHandlers } from './commands/dispatch';
import { EventLog, type LogSink } from './state/event-log';
import { type Scheduler, type StateListener, StateStore } from './state/state-store';
import type { Config } from './store/config-schema';
import { ConfigStore } from './store/config-store';
import type { SecretBox } from './store/secret-box';
import { SecretStore } from './store/secret-store';

export interface HostOptions {
  dataDir: string;
  platform: Platform;
  secretBox: SecretBox;
  now?: () => number;
  scheduler?: Scheduler;
  /** Receives every log entry as it is added (the CLI prints them). */
  logSink?: LogSink;
}

export interface Host {
  readonly store: StateStore;
  readonly log: EventLog;
  readonly config: Readonly<Config>;
  call(name: unknown, args: unknown): Promise<CommandResponse<unknown>>;
  subscribe(listener: StateListener): () => void;
  snapshot(): StateEvent;
  close(): Promise<void>;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const now = options.now ?? Date.now;
  const configStore = new ConfigStore(options.dataDir, now);
  const loaded = await configStore.load();
  let config: Config = loaded.config;

  const secrets = new SecretStore(options.dataDir, options.secretBox, now);
  const secretsReport = await secrets.load();

  const initial: AppState = {
    app: {
      version: pkg.version,
      platform: options.platform,
      dataDir: options.dataDir,
      startedAt: now(),
      config: loaded.health,
      secrets: {
        backend: options.secretBox.backend,
        ...(options.secretBox.warning ? { warning: options.secretBox.warning } : {}),
      },
    },
    settings: config.settings,
    log: [],
  };
  const store = new StateStore(initial, options.scheduler ? { scheduler: options.scheduler } : {});
  const log = new EventLog(store, { now, ...(options.logSink ? { sink: options.logSink } : {}) });

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
    log.warn(
      'config',
      `${secretsReport.unreadable.length} saved secret(s) could not be decrypted and must be entered again`,
    );
  }
  if (options.secretBox.warning) log.warn('config', options.secretBox.warning);

  /** Applies a change to the config, saves it, and only then to the state. */
  async function commit(next: Config): Promise<void> {
    try {
      await configStore.save(next);
    } catch (err) {
      throw new CommandFailure({
        code: 'failed',
        message: `could not save the config: ${(err as Error).message}`,
      });
    }
    config = next;
  }

  const handlers: CommandHandlers = {
    async updateSettings(patch: SettingsPatch) {
      const settings = { ...config.settings, ...patch };
      await commit({ ...config, settings });
      store.set(['settings'], settings);
      return settings;
    },
    exportLog() {
      return { jsonl: log.toJsonLines(), count: log.size };
    },
  };

  const dispatcher = new CommandDispatcher(handlers, (name, err) => {
    log.error('app', `internal error in ${name}: ${(err as Error)?.stack ?? err}`);
  });

  return {
    store,
    log,
    get config() {
      return config;
    },
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
      store.close();
    },
  };
}

export type { CommandName };
