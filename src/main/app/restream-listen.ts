// What the restream listener is started with (the CLI's override and certificates) and how
// its refusals read: a command failure naming the field, an errno in the operator's words.
import { CommandFailure } from '../../shared/errors';
import type { RestreamUser } from '../restream';

export interface RestreamOverride {
  host: string;
  port: number;
  users?: readonly RestreamUser[];
}

/** A certificate (chain) and key in PEM: the listener then serves rtsps:// only. */
export interface RestreamTls {
  cert: string | Buffer;
  key: string | Buffer;
}

/** The certificate `restream.settings.tls` serves with, and its fingerprint for the console. */
export interface RestreamCertificate extends RestreamTls {
  fingerprint: string;
  source: 'operator' | 'self-signed';
}

export interface RestreamServiceOptions {
  /** `--restream-listen`: this listener for the run instead of the config's. */
  override?: RestreamOverride;
  /** `--restream-tls-cert/--restream-tls-key`: rtsps:// whatever the config says. */
  tls?: RestreamCertificate;
  /** Where `settings.tls` gets its certificate (the console's); absent: `settings.tls` is refused. */
  certificate?: () => Promise<RestreamCertificate>;
}

export function fail(
  code: 'not-found' | 'already-exists' | 'invalid-argument' | 'port-in-use',
  field: string,
  message: string,
): never {
  throw new CommandFailure({ code, message, field, issues: [{ field, message }] });
}

export const openMessage = (host: string) =>
  `refusing to serve restreams on ${host} without a restream user: add a user first, or listen on 127.0.0.1`;

export function listenError(err: unknown, host: string, port: number): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `${host}:${port} is already in use (another program, or another camrelay)`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine`;
  if (code === 'EACCES') return `no permission to listen on port ${port} (ports below 1024 need privileges)`;
  return (err as Error).message;
}
