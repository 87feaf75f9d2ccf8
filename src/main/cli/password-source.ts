// Where the CLI takes a camera password from. A password on the command line (`--password`,
// or inside the URL) is visible to every local user in the process list and lands in shell
// history, so a file (`--password-file`, e.g. a 0600 file or a systemd credential) or the
// environment (CAMRELAY_PASSWORD) is preferred; `--password` still works, with a warning.
import { readFile } from 'node:fs/promises';
import { UsageError } from './command';

export const PASSWORD_ENV = 'CAMRELAY_PASSWORD';

export interface PasswordSources {
  user: string | undefined;
  password: string | undefined;
  passwordFile: string | undefined;
  env: Record<string, string | undefined>;
  /** Reads a file (injected for tests). */
  read?: (path: string) => Promise<string>;
}

export interface ResolvedCredentials {
  credentials: { username: string; password: string } | undefined;
  /** Said on stderr: the password was given in a way other users can see. */
  warning?: string;
}

export async function resolveCredentials(s: PasswordSources): Promise<ResolvedCredentials> {
  if (s.password !== undefined && s.passwordFile !== undefined)
    throw new UsageError('give --password or --password-file, not both');
  const fromEnv = s.env[PASSWORD_ENV];
  const given = s.password !== undefined || s.passwordFile !== undefined;
  if (s.user === undefined) {
    if (given) throw new UsageError('--password and --password-file need --user');
    return { credentials: undefined };
  }
  if (s.password !== undefined) {
    return {
      credentials: { username: s.user, password: s.password },
      warning: `--password is visible to other users of this machine; prefer --password-file or ${PASSWORD_ENV}`,
    };
  }
  if (s.passwordFile !== undefined) {
    const read = s.read ?? ((p: string) => readFile(p, 'utf8'));
    let text: string;
    try {
      text = await read(s.passwordFile);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new UsageError(`--password-file: cannot read ${s.passwordFile} (${code})`);
    }
    // One trailing line break is the file's, not the password's.
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new UsageError(`--password-file: ${s.passwordFile} is empty`);
    return { credentials: { username: s.user, password } };
  }
  if (fromEnv !== undefined && fromEnv !== '')
    return { credentials: { username: s.user, password: fromEnv } };
  throw new UsageError(`--user needs a password: --password-file FILE, ${PASSWORD_ENV}, or --password`);
}
