// TurnServer over real loopback sockets with a small STUN client: the Observer contract
// (throwing or async Observers never break the server; getPassword may be async and is bounded
// in time), the operations API (list, delete, users at runtime, counters, metrics), and
// garbage on every transport.
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { longTermKey } from '../src/main/turn/auth/long-term';
import { registerTurnMetrics, type TurnObserver, TurnServer } from '../src/main/turn/index';
import { decodeErrorCode } from '../src/main/turn/stun/attributes/error-code';
import { decodeNonce } from '../src/main/turn/stun/attributes/nonce';
import { encodeRequestedTransport } from '../src/main/turn/stun/attributes/requested-transport';
import { encodeXorAddress } from '../src/main/turn/stun/attributes/xor-address';
import { Attr, messageType, StunClass, StunMethod } from '../src/main/turn/stun/constants';
import { StunReader } from '../src/main/turn/stun/reader';
import { StunWriter } from '../src/main/turn/stun/writer';

const servers: TurnServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0)) await s.stop();
});

async function startServer(
  extra: Partial<ConstructorParameters<typeof TurnServer>[0]> = {},
  observer: TurnObserver = {},
  passwordTimeoutMs = 5000,
) {
  const s = new TurnServer(
    {
      listeners: [
        { transport: 'udp', host: '127.0.0.1', port: 0 },
        { transport: 'tcp', host: '127.0.0.1', port: 0 },
      ],
      peers: { allowLoopback: true },
      ...extra,
    },
    { observer, passwordTimeoutMs },
  );
  servers.push(s);
  await s.start();
  return { server: s, udp: s.addresses[0]!.port, tcp: s.addresses[1]!.port };
}

/** A minimal long-term-credential client over UDP. */
class Client {
  readonly sock = createSocket('udp4');
  nonce = '';
  realm = 'camrelay';
  private readonly w = new StunWriter();
  constructor(
    readonly port: number,
    readonly user: string,
    readonly pass: string,
  ) {
    sockets.push(this.sock);
  }
  async ready(): Promise<void> {
    await new Promise<void>((r) => this.sock.bind(0, '127.0.0.1', () => r()));
  }
  private ask(msg: Buffer, ms = 3000): Promise<StunReader | undefined> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.sock.off('message', on);
        resolve(undefined);
      }, ms);
      const on = (m: Buffer) => {
        const r = new StunReader();
        if (r.reset(m) !== null) return;
        clearTimeout(t);
        this.sock.off('message', on);
        resolve(r);
      };
      this.sock.on('message', on);
      this.sock.send(msg, this.port, '127.0.0.1');
    });
  }
  private build(method: number, fill: (w: StunWriter) => void): Buffer {
    const w = this.w.begin(
      messageType(method, StunClass.request),
      Buffer.from(Array.from({ length: 12 }, () => (Math.random() * 256) | 0)),
    );
    fill(w);
    if (this.nonce) {
      w.utf8(Attr.USERNAME, this.user).utf8(Attr.REALM, this.realm).utf8(Attr.NONCE, this.nonce);
      w.integrity(longTermKey(this.user, this.realm, this.pass));
    }
    return w.finish();
  }
  /** Request with one 401 round; resolves with the error code (0 = success) or -1 (no answer). */
  async request(method: number, fill: (w: StunWriter) => void, ms?: number): Promise<number> {
    let r = await this.ask(this.build(method, fill), ms);
    if (r && codeOf(r) === 401 && !this.nonce) {
      this.nonce = decodeNonce(r, r.find(Attr.NONCE))!;
      r = await this.ask(this.build(method, fill), ms);
    }
    return r ? codeOf(r) : -1;
  }
  allocate(ms?: number) {
    return this.request(StunMethod.allocate, (w) => encodeRequestedTransport(w, 17), ms);
  }
}

function codeOf(r: StunReader): number {
  const i = r.find(Attr.ERROR_CODE);
  return i < 0 ? 0 : decodeErrorCode(r, i)!.code;
}

describe('the Observer cannot break the server', () => {
  it('throwing and rejecting callbacks are counted; allocations still work and close', async () => {
    const boom = () => {
      throw new Error('observer bug');
    };
    const { server, udp } = await startServer(
      { users: { u: 'p' } },
      {
        allocated: boom,
        createPermission: () => Promise.reject(new Error('async bug')),
        closed: boom,
      },
    );
    const c = new Client(udp, 'u', 'p');
    await c.ready();
    expect(await c.allocate()).toBe(0);
    expect(
      await c.request(StunMethod.createPermission, (w) =>
        encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address: '127.0.0.1', port: 9 }),
      ),
    ).toBe(0);
    const [a] = server.listAllocations();
    expect(server.deleteAllocation(a!.id)).toBe(true);
    expect(server.deleteAllocation(a!.id)).toBe(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(server.counters().observerErrors).toBe(3);
    expect(server.listAllocations()).toEqual([]);
  });

  it('an Observer may call back into the server synchronously (delete from allocated): one event each', async () => {
    const seen: string[] = [];
    let server: TurnServer;
    const started = await startServer(
      { users: { u: 'p' } },
      {
        allocated: (_a, _u, _p, id) => {
          seen.push(`allocated ${id}`);
          server.deleteAllocation(id);
        },
        closed: (_a, _u, id) => seen.push(`closed ${id}`),
      },
    );
    server = started.server;
    const c = new Client(started.udp, 'u', 'p');
    await c.ready();
    expect(await c.allocate()).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([
      expect.stringMatching(/^allocated a\w+$/),
      seen[0]!.replace('allocated', 'closed'),
    ]);
    expect(server.listAllocations()).toEqual([]);
  });

  it('getPassword may be async; a lookup that never answers times out as an unknown user', async () => {
    const { udp, server } = await startServer(
      {},
      {
        getPassword: async (user) =>
          user === 'dyn' ? 'dyn-pass' : user === 'slow' ? new Promise<string>(() => undefined) : null,
      },
      300,
    );
    const c = new Client(udp, 'dyn', 'dyn-pass');
    await c.ready();
    expect(await c.allocate()).toBe(0);
    const slow = new Client(udp, 'slow', 'x');
    await slow.ready();
    expect(await slow.allocate()).toBe(401);
    expect(server.counters().authFailures['unknown-user']).toBe(1);
  });
});

describe('operations API', () => {
  it('listAllocations shows session, relay, permissions, channels and counters; setUsers applies at once', async () => {
    const { server, udp } = await startServer({ users: {} });
    const c = new Client(udp, 'late', 'pw');
    await c.ready();
    expect(await c.allocate()).toBe(401);
    server.setUsers({ late: 'pw' });
    c.nonce = '';
    expect(await c.allocate()).toBe(0);
    expect(
      await c.request(StunMethod.channelBind, (w) => {
        w.u32(Attr.CHANNEL_NUMBER, 0x4001 << 16);
        encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, { address: '127.0.0.1', port: 7777 });
      }),
    ).toBe(0);
    const [a] = server.listAllocations();
    expect(a).toMatchObject({
      username: 'late',
      session: {
        transport: 'udp',
        address: '127.0.0.1',
        port: c.sock.address().port,
        family: 4,
        localAddress: '127.0.0.1',
        localPort: udp,
      },
      relay: { family: 4, address: '127.0.0.1' },
      permissions: [{ peer: '127.0.0.1' }],
      channels: [{ number: 0x4001, peer: '127.0.0.1:7777', address: '127.0.0.1', port: 7777 }],
      bytesToPeer: 0,
      packetsFromPeer: 0,
    });
    expect(a!.lifetimeLeft).toBeGreaterThan(590);
    expect(a!.expiresAt - a!.createdAt).toBeGreaterThanOrEqual(600_000);
    expect(a!.expiresAt - a!.createdAt).toBeLessThan(601_000);
  });

  it('metrics: registerTurnMetrics exposes gauges and counters and can be removed', async () => {
    const { server, udp } = await startServer({ users: { u: 'p' } });
    const registry = new Registry();
    const remove = registerTurnMetrics(registry, server);
    const c = new Client(udp, 'u', 'p');
    await c.ready();
    await c.allocate();
    const text = await registry.metrics();
    expect(text).toMatch(/^camrelay_turn_allocations 1$/m);
    expect(text).toMatch(/^camrelay_turn_allocations_created_total 1$/m);
    expect(text).toMatch(/^camrelay_turn_responses_total\{code="401",class="4xx"\} 1$/m);
    expect(text).toMatch(/^camrelay_turn_responses_total\{code="200",class="2xx"\} 1$/m);
    remove();
    expect(await registry.metrics()).not.toMatch(/camrelay_turn_/);
  });
});

describe('garbage on every transport', () => {
  it('random datagrams and a random TCP stream: counted drops, the server keeps answering', async () => {
    const { server, udp, tcp } = await startServer({ users: { u: 'p' } });
    const junk = createSocket('udp4');
    sockets.push(junk);
    await new Promise<void>((r) => junk.bind(0, '127.0.0.1', () => r()));
    for (let i = 0; i < 500; i++) {
      const b = Buffer.alloc(1 + (i % 300));
      for (let k = 0; k < b.length; k++) b[k] = (i * 31 + k * 7) & 0xff;
      junk.send(b, udp, '127.0.0.1');
    }
    await new Promise<void>((resolve) => {
      const s = connect(tcp, '127.0.0.1', () => {
        s.write(Buffer.from('\x00\x01\x00\x04\x21\x12\xa4\x42 this is not a STUN message at all'));
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      setTimeout(() => s.destroy(), 1000);
    });
    const c = new Client(udp, 'u', 'p');
    await c.ready();
    expect(await c.allocate()).toBe(0);
    const drops = Object.values(server.counters().drops).reduce((x, y) => x + y, 0);
    expect(drops).toBeGreaterThan(400);
  });
});
