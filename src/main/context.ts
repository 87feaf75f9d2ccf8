// What every service of the host shares. Built once in host.ts.
import type { Logger } from '../shared/engine-log';
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
  /** Engine diagnostics (`--log-level`, CAMRELAY_DEBUG): services hand `logger.child(engine)`
   * to the engines they run. Not the operator's event log (`log`). */
  logger: Logger;
}
