// Half-open TLS against the TURN server's `turns:` listener, on loopback, bounded: connections
// that send nothing, a partial ClientHello, or a ClientHello dripped a byte at a time (which
// keeps Node's idle-style handshake timer alive). All are closed by the handshake deadline
// (scaled down here through the config), a garbage ClientHello at once, and a legitimate TLS
// client still connects and allocates meanwhile.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TurnServer } from '../src/main/turn/index';
import { allocateOverStream, closesWithin } from './helpers/turn-client';

vi.setConfig({ testTimeout: 30_000 });

const DATA = join(import.meta.dirname, '../src/main/turn/io/testdata');
const cert = readFileSync(join(DATA, 'localhost-cert.pem'), 'utf8');
const key = readFileSync(join(DATA, 'localhost-key.pem'), 'utf8');
const CREDS = { user: 'viewer', pass: 'right-password' };

let server: TurnServer;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = new TurnServer({
    listeners: [{ transport: 'tls', host: '127.0.0.1', port: 0, cert, key }],
    users: { [CREDS.user]: CREDS.pass },
    tickMs: 100,
    streams: { handshakeTimeoutMs: 1500, maxConnectionsPerSource: 200 },
  });
  await server.start();
  port = server.addresses[0]!.port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server?.stop();
});

function open(from: string): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(s));
    s.on('error', () => undefined);
    sockets.push(s);
  });
}

/** The start of a TLS 1.2+ ClientHello record: header, then a handshake header and version. */
function clientHelloStart(): Buffer {
  const body = Buffer.alloc(300, 0);
  body.set([0x01, 0x00, 0x01, 0x28, 0x03, 0x03], 0); // ClientHello, length 296, TLS 1.2
  const head = Buffer.from([0x16, 0x03, 0x01, 0x01, 0x2c]); // handshake record, length 300
  return Buffer.concat([head, body]);
}

function legitimateTlsClient(): Promise<number> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      allocateOverStream(s, CREDS).then((code) => {
        s.destroy();
        resolve(code);
      });
    });
    s.on('error', () => resolve(-2));
  });
}

describe('half-open TLS connections', () => {
  it('idle, partial-ClientHello and dripping connections are all closed by the handshake deadline', async () => {
    const idle = await Promise.all(Array.from({ length: 30 }, () => open('127.0.0.7')));
    const partial = await Promise.all(Array.from({ length: 30 }, () => open('127.0.0.8')));
    const hello = clientHelloStart();
    for (const s of partial) s.write(hello.subarray(0, 40));
    const dripping = await Promise.all(Array.from({ length: 30 }, () => open('127.0.0.9')));
    let at = 0;
    const drip = setInterval(() => {
      for (const s of dripping) if (!s.destroyed) s.write(hello.subarray(at, at + 1));
      at++;
    }, 100);
    try {
      // a legitimate client while they hang on
      expect(await legitimateTlsClient()).toBe(0);
      const all = [...idle, ...partial, ...dripping];
      const closed = await Promise.all(all.map((s) => closesWithin(s, 10_000)));
      expect(closed.filter((c) => !c).length).toBe(0);
      expect(at).toBeLessThan(hello.length); // the drip never got to finish its hello
      // by our deadline, or by Node's idle-style handshake timer (then as a TLS error) for the quiet ones
      const c = server.counters().streamCloses;
      expect(c['handshake-timeout'] + c['tls-error']).toBeGreaterThanOrEqual(90);
      expect(await legitimateTlsClient()).toBe(0);
    } finally {
      clearInterval(drip);
    }
  });

  it('a garbage ClientHello is closed at once', async () => {
    const s = await open('127.0.0.10');
    s.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await closesWithin(s, 1000)).toBe(true);
    expect(server.counters().streamCloses['tls-error']).toBeGreaterThanOrEqual(1);
  });
});
