import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { PASSWORD_ENV, resolveCredentials } from './password-source';

const none = { user: undefined, password: undefined, passwordFile: undefined, env: {} };
const files: Record<string, string> = { '/run/pw': 'Cam Secret 42\n', '/run/empty': '\n' };
const read = async (p: string) => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  return text;
};

describe('CLI password sources', () => {
  it('takes the password from a file (one trailing newline dropped) or the environment', async () => {
    const fromFile = await resolveCredentials({ ...none, user: 'admin', passwordFile: '/run/pw', read });
    expect(fromFile).toEqual({ credentials: { username: 'admin', password: 'Cam Secret 42' } });
    const fromEnv = await resolveCredentials({ ...none, user: 'admin', env: { [PASSWORD_ENV]: 'env-pw' } });
    expect(fromEnv).toEqual({ credentials: { username: 'admin', password: 'env-pw' } });
    // A file or option wins over the environment.
    const both = await resolveCredentials({
      ...none,
      user: 'admin',
      passwordFile: '/run/pw',
      env: { [PASSWORD_ENV]: 'env-pw' },
      read,
    });
    expect(both.credentials?.password).toBe('Cam Secret 42');
  });

  it('warns when the password is on the command line', async () => {
    const r = await resolveCredentials({ ...none, user: 'admin', password: 'pw' });
    expect(r.credentials).toEqual({ username: 'admin', password: 'pw' });
    expect(r.warning).toMatch(/visible to other users/);
  });

  it('refuses unclear or broken input as usage errors', async () => {
    for (const bad of [
      { ...none, user: 'a', password: 'x', passwordFile: '/run/pw' },
      { ...none, password: 'x' },
      { ...none, passwordFile: '/run/pw' },
      { ...none, user: 'a' },
      { ...none, user: 'a', passwordFile: '/missing' },
      { ...none, user: 'a', passwordFile: '/run/empty' },
    ]) {
      await expect(resolveCredentials({ ...bad, read })).rejects.toBeInstanceOf(UsageError);
    }
    expect(await resolveCredentials({ ...none, env: { [PASSWORD_ENV]: 'ignored without --user' } })).toEqual({
      credentials: undefined,
    });
  });
});
