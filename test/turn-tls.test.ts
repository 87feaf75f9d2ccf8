// TLS (`turns:`) and listener lifecycle against real sockets: coturn's uclient over TLS, a
// Node TLS client doing a Binding, typed start errors (port in use, bad certificate), restart.

import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { TurnError, TurnServer } from '../src/main/turn/index';
import { messageType, StunClass, StunMethod } from '../src/main/turn/stun/constants';
import { StunReader } from '../src/main/turn/stun/reader';
import { StunWriter } from '../src/main/turn/stun/writer';
import { coturnToolsInstalled, killAll, type RunningPeer, runUclient, startEchoPeer } from './peers/coturn';

// real peers on a shared 2-core machine: generous, bounded time per test
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const DATA = join(import.meta.dirname, '../src/main/turn/io/testdata');
const cert = readFileSync(join(DATA, 'localhost-cert.pem'), 'utf8');
const key = readFileSync(join(DATA, 'localhost-key.pem'), 'utf8');

let server: TurnServer;
let peer: RunningPeer;
let tlsPort = 0;

beforeAll(async () => {
  expect(coturnToolsInstalled()).toBe(true);
  server = new TurnServer({
    listeners: [{ transport: 'tls', host: '127.0.0.1', port: 0, cert, key }],
    users: { ninefingers: 'youhavetoberealistic' },
    peers: { allowLoopback: true },
    quotas: { perUser: 0, total: 0 },
  });
  await server.start();
  tlsPort = server.addresses[0]!.port;
  peer = await startEchoPeer();
});

afterAll(async () => {
  await server?.stop();
  await peer?.stop();
  killAll();
});

function bindingOverTls(port: number): Promise<StunReader> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const tid = Buffer.alloc(12, 9);
      s.write(
        new StunWriter()
          .begin(messageType(StunMethod.binding, StunClass.request), tid)
          .fingerprint()
          .finish(),
      );
    });
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error('no Binding answer over TLS within 5 s'));
    }, 5000);
    s.on('data', (d: Buffer) => {
      clearTimeout(t);
      const r = new StunReader();
      expect(r.reset(d)).toBeNull();
      s.end();
      resolve(r);
    });
    s.on('error', reject);
  });
}

describe('TLS listener', () => {
  it('answers a Binding request over TLS', async () => {
    const r = await bindingOverTls(tlsPort);
    expect(r.type).toBe(0x0101);
  });

  it('relays for turnutils_uclient over TLS (-t -S), zero loss, one frame per TLS record even with a busy event loop', async () => {
    // uclient reads TLS record by record: two frames in one record are lost to it. Busy bursts
    // of the event loop queue several frames at once, which Node would otherwise merge.
    const burn = setInterval(() => {
      const t = Date.now();
      while (Date.now() - t < 60);
    }, 100);
    onTestFinished(() => clearInterval(burn));
    const r = await runUclient([
      '-t',
      '-S',
      '-m',
      '2',
      '-n',
      '100',
      '-l',
      '170',
      '-u',
      'ninefingers',
      '-w',
      'youhavetoberealistic',
      '-e',
      '127.0.0.1',
      '-r',
      String(peer.port),
      '-p',
      String(tlsPort),
    ]);
    expect(r.completed, r.output.slice(-1500)).toBe(true);
    expect(r.sent).toBe(200);
    expect(r.received).toBe(200);
    expect(r.lost).toBe(0);
  });
});

describe('start errors and restart', () => {
  it('a port in use rejects start() with listen-failed naming the listener; nothing is left listening', async () => {
    const blocker = createSocket('udp4');
    await new Promise<void>((r) => blocker.bind(0, '127.0.0.1', () => r()));
    const port = blocker.address().port;
    const s = new TurnServer({
      listeners: [
        { transport: 'tcp', host: '127.0.0.1', port: 0 },
        { transport: 'udp', host: '127.0.0.1', port },
      ],
    });
    const err = await s.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    blocker.close();
    expect(err).toBeInstanceOf(TurnError);
    expect((err as TurnError).code).toBe('listen-failed');
    expect((err as TurnError).context).toEqual({
      listener: { proto: 'udp', host: '127.0.0.1', port },
      errno: 'EADDRINUSE',
    });
    expect(s.running).toBe(false);
  });

  it('a bad certificate rejects start() with tls-config', async () => {
    const s = new TurnServer({
      listeners: [{ transport: 'tls', host: '127.0.0.1', port: 0, cert: 'nope', key: 'nope' }],
    });
    await expect(s.start()).rejects.toMatchObject({
      code: 'tls-config',
      context: { listener: { proto: 'tls', host: '127.0.0.1', port: 0 } },
    });
  });

  it('an invalid config is refused at construction, naming the field', () => {
    expect(() => new TurnServer({ listeners: [] })).toThrow(TurnError);
    expect(() => new TurnServer({ listeners: [{ transport: 'tls', host: '127.0.0.1', port: 1 }] })).toThrow(
      /listeners\.0/,
    );
    expect(
      () =>
        new TurnServer({
          listeners: [{ transport: 'udp', host: '127.0.0.1', port: 1 }],
          peers: { deny: ['10.0.0.0/40'] },
        }),
    ).toThrow(/peers\.deny\.0/);
    try {
      new TurnServer({ listeners: [{ transport: 'udp', host: 'localhost', port: 1 }] });
    } catch (e) {
      expect((e as TurnError<'invalid-config'>).context.field).toBe('listeners.0.host');
    }
  });

  it('restart with a new config: stop closes, start listens again on the new listener', async () => {
    const s = new TurnServer({ listeners: [{ transport: 'udp', host: '127.0.0.1', port: 0 }] });
    await s.start();
    await expect(s.start()).rejects.toMatchObject({ code: 'already-running' });
    await s.restart({ listeners: [{ transport: 'tcp', host: '127.0.0.1', port: 0 }], realm: 'other' });
    expect(s.addresses.map((a) => a.transport)).toEqual(['tcp']);
    await expect(s.restart({ listeners: [] })).rejects.toMatchObject({ code: 'invalid-config' });
    expect(s.running).toBe(true); // a bad config stops nothing
    await s.stop();
    await s.stop();
    expect(s.running).toBe(false);
  });
});
