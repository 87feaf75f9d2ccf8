// What the host tells the operator at start: the data dir, a config or secrets file that was
// created, recovered or only partly loaded, leftovers of interrupted writes, and secrets that
// cannot be decrypted with this key.
import pkg from '../../package.json' with { type: 'json' };
import type { SecretsBackend, SecretsInfo } from '../shared/state';
import { plural } from '../shared/words';
import type { EventLog } from './state/event-log';
import type { ConfigStore } from './store/config-store';
import type { SecretBox } from './store/secret-box';
import type { SecretStore } from './store/secret-store';

/** The config and secrets as read from the data dir, with what loading them found. */
export interface Opened {
  configStore: ConfigStore;
  loaded: Awaited<ReturnType<ConfigStore['load']>>;
  secrets: SecretStore;
  secretsReport: Awaited<ReturnType<SecretStore['load']>>;
}

/** The state notice for secrets that cannot be decrypted, in the operator's words. */
export function unreadableInfo(count: number, backend: SecretsBackend): Pick<SecretsInfo, 'unreadable'> {
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

/** The start-up log entries, in the order the operator reads them. */
export function reportStartup(
  log: EventLog,
  options: { platform: string; dataDir: string; secretBox: SecretBox },
  opened: Opened,
): void {
  const { configStore, loaded, secrets, secretsReport } = opened;
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
}
