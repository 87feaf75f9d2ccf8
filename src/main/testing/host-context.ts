// A HostContext for engine tests: real state store, log, config model and secret store in
// a temp directory, with writes going to disk as in the app.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../shared/engine-log';
import { emptyAppState, testAppInfo } from '../../shared/initial-state';
import { ConfigModel } from '../config-model';
import type { HostContext } from '../context';
import { EventLog } from '../state/event-log';
import { StateStore } from '../state/state-store';
import { defaultConfig } from '../store/config-schema';
import { ConfigStore } from '../store/config-store';
import { FileKeySecretBox } from '../store/secret-box';
import { SecretStore } from '../store/secret-store';
import { ManualScheduler } from './manual-scheduler';

export interface TestContext extends HostContext {
  dir: string;
  dispose(): Promise<void>;
}

export async function makeTestContext(now: () => number = Date.now): Promise<TestContext> {
  const dir = await mkdtemp(join(tmpdir(), 'camrelay-ctx-'));
  const store = new StateStore(emptyAppState(testAppInfo({ dataDir: dir })), {
    scheduler: new ManualScheduler(),
  });
  const log = new EventLog(store, { now });
  const secrets = new SecretStore(dir, await FileKeySecretBox.open(dir), now);
  const config = new ConfigModel(defaultConfig(), new ConfigStore(dir, now), secrets);
  return {
    dir,
    store,
    log,
    config,
    secrets,
    now,
    logger: silentLogger,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
