// What every service of the host shares. Built once in host.ts.
import type { ConfigModel } from './config-model';
import type { EventLog } from './state/event-log';
import type { StateStore } from './state/state-store';
import type { SecretStore } from './store/secret-store';

export interface HostContext {
  store: StateStore;
  log: EventLog;
  config: ConfigModel;
  secrets: SecretStore;
  /** Wall clock, ms. */
  now: () => number;
}
