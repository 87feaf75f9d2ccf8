// Restream access: answers made by camrelay's own RTSP client authenticator (the same code,
// other direction) are accepted; wrong ones, foreign nonces and old nonces are not; a user
// limited to some paths gets 404 for the others.
import { describe, expect, it } from 'vitest';
import { Authenticator, chooseChallenge, parseChallenges } from '../rtsp/auth';
import { AccessControl } from './access';

const users = [
  { name: 'all', password: 'pa:ss' },
  { name: 'porch-only', password: 'x', paths: ['porch'] },
];

function digestAnswer(ac: AccessControl, name: string, password: string, method = 'DESCRIBE'): string {
  const challenge = chooseChallenge(parseChallenges(ac.challenges()))!;
  expect(challenge.scheme).toBe('digest');
  return new Authenticator(challenge, { username: name, password }).authorization(method, 'rtsp://h/porch');
}

describe('AccessControl', () => {
  it('no users: open', () => {
    expect(new AccessControl([]).check(undefined, 'DESCRIBE', 'x')).toEqual({ ok: true, user: undefined });
  });

  it('Digest from our client authenticator: right password in, wrong out', () => {
    const ac = new AccessControl(users);
    expect(ac.check(digestAnswer(ac, 'all', 'pa:ss'), 'DESCRIBE', 'porch')).toEqual({
      ok: true,
      user: 'all',
    });
    expect(ac.check(digestAnswer(ac, 'all', 'nope'), 'DESCRIBE', 'porch')).toMatchObject({
      ok: false,
      status: 401,
    });
    // The method is part of the hash: an answer for DESCRIBE does not pass for SETUP.
    expect(ac.check(digestAnswer(ac, 'all', 'pa:ss'), 'SETUP', 'porch')).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(ac.check(undefined, 'DESCRIBE', 'porch')).toMatchObject({ ok: false, status: 401 });
  });

  it('a nonce of another server, or a stale one, is refused', () => {
    const other = new AccessControl(users);
    const ac = new AccessControl(users);
    expect(ac.check(digestAnswer(other, 'all', 'pa:ss'), 'DESCRIBE', 'porch')).toMatchObject({ status: 401 });
    let now = 1_000_000;
    const timed = new AccessControl(users, true, () => now);
    const answer = digestAnswer(timed, 'all', 'pa:ss');
    now += 10 * 60_000;
    expect(timed.check(answer, 'DESCRIBE', 'porch')).toEqual({ ok: false, status: 401, stale: true });
  });

  it('Basic when allowed; a user limited to paths gets 404 elsewhere', () => {
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    const ac = new AccessControl(users);
    expect(ac.check(basic('porch-only', 'x'), 'DESCRIBE', 'porch')).toEqual({ ok: true, user: 'porch-only' });
    expect(ac.check(basic('porch-only', 'x'), 'DESCRIBE', 'garage')).toEqual({ ok: false, status: 404 });
    expect(ac.check(basic('porch-only', 'y'), 'DESCRIBE', 'porch')).toMatchObject({ status: 401 });
    const digestOnly = new AccessControl(users, false);
    expect(digestOnly.check(basic('all', 'pa:ss'), 'DESCRIBE', 'porch')).toMatchObject({ status: 401 });
    expect(digestOnly.challenges().some((c) => c.startsWith('Basic'))).toBe(false);
  });
});
