// Hostile or impersonated cameras (issue 9): an SDP with 10,000 media sections must not cost
// a port pair each; credentials and a TLS pin must not follow a redirect to another server.
// Each attack is run against scripted servers on loopback, bounded in count and time.
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RtspError } from './error';
import { probe } from './probe';
import { MAX_MEDIA_SECTIONS } from './sdp';
import { describe as rtspDescribe } from './session';
import { camera, H264_SDP, type Recorded, type Reply, ScriptedServer } from './testing/scripted-server';
import { type UdpCamera, udpCamera } from './testing/udp-camera';

const here = dirname(fileURLToPath(import.meta.url));
const key = readFileSync(join(here, 'testing/tls-key.pem'), 'utf8');
const cert = readFileSync(join(here, 'testing/tls-cert.pem'), 'utf8');
const fingerprint = new X509Certificate(cert).fingerprint256;

const servers: ScriptedServer[] = [];
let udp: UdpCamera | undefined;
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  await udp?.stop();
  udp = undefined;
});

async function start(...args: Parameters<typeof ScriptedServer.start>): Promise<ScriptedServer> {
  const s = await ScriptedServer.start(...args);
  servers.push(s);
  return s;
}

const openFds = () => readdirSync('/proc/self/fd').length;

function audioSections(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++)
    out += `m=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:trackID=${i + 2}\r\n`;
  return out;
}

describe('9.6 an SDP with very many media sections', () => {
  it('10,000 sections over UDP: a clear error, no SETUP, no socket bound', async () => {
    udp = await udpCamera({ sdp: H264_SDP(audioSections(10_000)) });
    const srv = await start(udp.handler);
    const before = openFds();
    const r = await probe(srv.url(), { transport: 'udp' });
    expect(r.error?.kind).toBe('protocol');
    expect(r.error?.message).toMatch(`more than ${MAX_MEDIA_SECTIONS} media sections`);
    expect(srv.methods()).not.toContain('SETUP');
    expect(openFds()).toBeLessThanOrEqual(before + 2);
  });

  it(`${MAX_MEDIA_SECTIONS} sections over UDP: only the video and one audio stream are set up`, async () => {
    udp = await udpCamera({ sdp: H264_SDP(audioSections(MAX_MEDIA_SECTIONS - 1)) });
    const srv = await start(udp.handler);
    const before = openFds();
    const r = await probe(srv.url(), { transport: 'udp', durationMs: 200 });
    expect(r.error).toBeUndefined();
    expect(srv.methods().filter((m) => m === 'SETUP')).toHaveLength(2);
    expect(r.streams.filter((s) => s.setUp).map((s) => s.media)).toEqual(['video', 'audio']);
    expect(r.streams).toHaveLength(MAX_MEDIA_SECTIONS);
    // The two port pairs are released after the probe.
    expect(openFds()).toBeLessThanOrEqual(before + 2);
  });

  it('a SETUP failing midway releases the port pairs bound so far', async () => {
    let setups = 0;
    udp = await udpCamera({
      sdp: H264_SDP(audioSections(1)),
      override: (req) =>
        req.method === 'SETUP' && ++setups === 2 ? { status: 500, reason: 'No' } : undefined,
    });
    const srv = await start(udp.handler);
    const before = openFds();
    const r = await probe(srv.url(), { transport: 'udp' });
    expect(r.error?.kind).toBe('server');
    expect(openFds()).toBeLessThanOrEqual(before + 2);
  });
});

/** A camera that answers 401 Digest until the right Authorization comes, recording what it got. */
function digestCamera(realm: string): Parameters<typeof ScriptedServer.start>[0] {
  return camera({
    override: (req) =>
      req.headers.has('authorization')
        ? undefined
        : { status: 401, headers: { 'WWW-Authenticate': `Digest realm="${realm}", nonce="n1"` } },
  });
}

const authorizations = (rs: Recorded[]) => rs.map((r) => r.headers.get('authorization')).filter(Boolean);

describe('9.7 credentials and redirects', () => {
  it('a redirect to another port gets no credentials (Digest or Basic); the same server keeps them', async () => {
    const other = await start(
      camera({
        override: (req) =>
          req.headers.has('authorization')
            ? undefined
            : {
                status: 401,
                headers: { 'WWW-Authenticate': 'Digest realm="evil", nonce="x", Basic realm="evil"' },
              },
      }),
    );
    const first = await start(
      camera({
        override: (req) =>
          req.method === 'DESCRIBE'
            ? { status: 302, headers: { Location: other.url('/stolen') } }
            : undefined,
      }),
    );
    const err = await rtspDescribe(first.url().replace('rtsp://', 'rtsp://admin:CamSecret-42@'), {
      allowBasicAuth: true,
    }).catch((e) => e);
    expect((err as RtspError).kind).toBe('auth');
    expect((err as RtspError).description).toMatch(/requires credentials/);
    expect(authorizations(other.requests)).toEqual([]);

    // A redirect within the same server (another path) still authenticates.
    let hops = 0;
    const same = await start(
      camera({
        override: (req): Reply | undefined => {
          if (req.method === 'DESCRIBE' && hops++ === 0)
            return { status: 302, headers: { Location: same.url('/moved') } };
          if (!req.headers.has('authorization'))
            return { status: 401, headers: { 'WWW-Authenticate': 'Digest realm="cam", nonce="n1"' } };
          return undefined;
        },
      }),
    );
    const d = await rtspDescribe(same.url(), {
      credentials: { username: 'admin', password: 'CamSecret-42' },
    });
    expect(authorizations(same.requests).length).toBeGreaterThan(0);
    d.close();
  });

  it('refuses a redirect from rtsps:// to plain rtsp://; no request reaches the plain server', async () => {
    const plain = await start(digestCamera('plain'));
    const secure = await start(
      camera({
        override: (req) =>
          req.method === 'DESCRIBE' ? { status: 302, headers: { Location: plain.url('/cam') } } : undefined,
      }),
      { tls: { key, cert } },
    );
    const err = await rtspDescribe(secure.url().replace('rtsps://', 'rtsps://admin:CamSecret-42@'), {
      tls: { fingerprint256: fingerprint },
    }).catch((e) => e);
    expect((err as RtspError).kind).toBe('redirect');
    expect((err as RtspError).description).toMatch(/rtsps:\/\/ to plain rtsp:\/\//);
    expect(plain.requests).toEqual([]);
  });

  it("a fingerprint pin applies only to its own server: another host's certificate is verified normally", async () => {
    // The impostor even presents the same self-signed certificate: the pin named the first server.
    const impostor = await start(digestCamera('impostor'), { tls: { key, cert } });
    const pinned = await start(
      camera({
        override: (req) =>
          req.method === 'DESCRIBE'
            ? { status: 302, headers: { Location: impostor.url('/cam') } }
            : undefined,
      }),
      { tls: { key, cert } },
    );
    const err = await rtspDescribe(pinned.url(), {
      tls: { fingerprint256: fingerprint },
      credentials: { username: 'admin', password: 'CamSecret-42' },
    }).catch((e) => e);
    expect((err as RtspError).kind).toBe('tls');
    expect(impostor.requests).toEqual([]);
  });
});
