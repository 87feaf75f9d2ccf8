// RTSPS: certificate checks on by default; a camera's self-signed certificate accepted only by
// its SHA-256 fingerprint (or a CA given explicitly). Fixture: a throwaway self-signed cert.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtspError } from './error';
import { describe as rtspDescribe } from './session';
import { rtpPacket } from './testing/packets';
import { camera, ScriptedServer } from './testing/scripted-server';

const here = dirname(fileURLToPath(import.meta.url));
const key = readFileSync(join(here, 'testing/tls-key.pem'), 'utf8');
const cert = readFileSync(join(here, 'testing/tls-cert.pem'), 'utf8');
const fingerprint = new X509Certificate(cert).fingerprint256;

let srv: ScriptedServer;
beforeAll(async () => {
  const rtp = rtpPacket(1, 0);
  srv = await ScriptedServer.start(
    camera({ playAfter: [Buffer.concat([Buffer.from([0x24, 0, 0, rtp.length]), rtp])] }),
    {
      tls: { key, cert },
    },
  );
});
afterAll(async () => {
  await srv.stop();
});

describe('RTSPS', () => {
  it('refuses a self-signed certificate by default (kind tls)', async () => {
    const err = await rtspDescribe(srv.url()).catch((e) => e);
    expect((err as RtspError).kind).toBe('tls');
    expect((err as RtspError).message).toMatch(/self[- ]signed/i);
  });

  it('accepts it by its SHA-256 fingerprint and plays', async () => {
    expect(srv.url()).toMatch(/^rtsps:/);
    const d = await rtspDescribe(srv.url(), {
      tls: { fingerprint256: fingerprint.toLowerCase().replace(/:/g, '') },
    });
    await d.setup(0);
    const p = await d.play({ mode: 'packets' });
    expect((await p.packets().next()).value).toMatchObject({ kind: 'rtp', sequence: 1 });
    p.close();
  });

  it('refuses a different fingerprint (kind tls)', async () => {
    const err = await rtspDescribe(srv.url(), { tls: { fingerprint256: 'AA'.repeat(32) } }).catch((e) => e);
    expect((err as RtspError).kind).toBe('tls');
    expect((err as RtspError).message).toMatch(/fingerprint/);
  });

  it('verifies fully against an explicit CA and host name', async () => {
    const ok = await rtspDescribe(srv.url(), { tls: { ca: cert } });
    ok.close();
    const wrongName = await rtspDescribe(srv.url(), { tls: { ca: cert, servername: 'other.example' } }).catch(
      (e) => e,
    );
    expect((wrongName as RtspError).kind).toBe('tls');
  });
});
