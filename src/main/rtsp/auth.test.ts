import { describe, expect, it } from 'vitest';
import { Authenticator, chooseChallenge, parseChallenges } from './auth';

// RFC 7616 section 3.9.1 example.
const RFC = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};
const creds = { username: 'Mufasa', password: 'Circle of Life' };

describe('Digest (RFC 7616)', () => {
  it('MD5 and SHA-256 responses match the RFC example', () => {
    const header = `Digest realm="${RFC.realm}", qop="auth, auth-int", algorithm=SHA-256, nonce="${RFC.nonce}", opaque="${RFC.opaque}", Digest realm="${RFC.realm}", qop="auth, auth-int", algorithm=MD5, nonce="${RFC.nonce}", opaque="${RFC.opaque}"`;
    const challenges = parseChallenges([header]);
    expect(challenges).toHaveLength(2);
    const best = chooseChallenge(challenges)!;
    expect(best.scheme === 'digest' && best.algorithm).toBe('SHA-256');
    const sha = new Authenticator(best, creds, () => RFC.cnonce).authorization('GET', '/dir/index.html');
    expect(sha).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(sha).toContain('nc=00000001');
    expect(sha).toContain(`opaque="${RFC.opaque}"`);
    const md5 = new Authenticator(challenges[1]!, creds, () => RFC.cnonce).authorization(
      'GET',
      '/dir/index.html',
    );
    expect(md5).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
  });

  it('increments the nonce count on reuse', () => {
    const [c] = parseChallenges([`Digest realm="r", nonce="n", qop="auth"`]);
    const a = new Authenticator(c!, creds, () => 'c');
    a.authorization('DESCRIBE', 'rtsp://h/');
    expect(a.authorization('SETUP', 'rtsp://h/t')).toContain('nc=00000002');
  });

  it('RFC 2069 digest (no qop) as GStreamer and most cameras send', () => {
    const [c] = parseChallenges(['Digest realm="IP Camera(12345)", nonce="abc", stale="FALSE"']);
    expect(c).toMatchObject({ scheme: 'digest', realm: 'IP Camera(12345)', qop: [], stale: false });
    const h = new Authenticator(c!, { username: 'admin', password: '12345' }).authorization(
      'DESCRIBE',
      'rtsp://h/s',
    );
    // md5(md5("admin:IP Camera(12345):12345"):abc:md5("DESCRIBE:rtsp://h/s"))
    expect(h).toMatch(
      /^Digest username="admin", realm="IP Camera\(12345\)", nonce="abc", uri="rtsp:\/\/h\/s", response="[0-9a-f]{32}"$/,
    );
  });

  it('parses stale=true and prefers Digest over Basic', () => {
    const cs = parseChallenges(['Basic realm="x"', 'Digest realm="x", nonce="1", stale=true']);
    const best = chooseChallenge(cs)!;
    expect(best.scheme).toBe('digest');
    expect(best.scheme === 'digest' && best.stale).toBe(true);
  });

  it('Basic', () => {
    const [c] = parseChallenges(['Basic realm="cam"']);
    expect(new Authenticator(c!, { username: 'u', password: 'p:w' }).authorization('X', 'y')).toBe(
      `Basic ${Buffer.from('u:p:w').toString('base64')}`,
    );
  });

  it('ignores junk and unsupported algorithms', () => {
    expect(
      parseChallenges(['Negotiate abc', 'Digest realm="r"', 'Digest nonce="n", algorithm=SHA-512-256']),
    ).toEqual([]);
  });
});
