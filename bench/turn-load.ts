// A Node load generator for the TURN benchmarks: many short clients (Allocate with the 401
// round trip, then Refresh 0) for the allocation rate, and many long-lived allocations (with a
// permission and a channel each) for the memory figure. Every wait is bounded; lost requests
// are retransmitted a few times, then counted as failures.
import { createSocket, type Socket } from 'node:dgram';
import { longTermKey } from '../src/main/turn/auth/long-term';
import { decodeErrorCode } from '../src/main/turn/stun/attributes/error-code';
import { decodeNonce } from '../src/main/turn/stun/attributes/nonce';
import { decodeRealm } from '../src/main/turn/stun/attributes/realm';
import { encodeXorAddress } from '../src/main/turn/stun/attributes/xor-address';
import { Attr, messageType, StunClass, StunMethod } from '../src/main/turn/stun/constants';
import { StunReader } from '../src/main/turn/stun/reader';
import { StunWriter } from '../src/main/turn/stun/writer';

export interface LoadTarget {
  port: number;
  user: string;
  pass: string;
}

class Worker {
  readonly sock = createSocket('udp4');
  private readonly w = new StunWriter();
  private readonly r = new StunReader();
  private waiting: { tid: string; resolve: (r: StunReader | undefined) => void } | undefined;
  private realm = '';
  private nonce = '';
  private seq = 0;

  constructor(
    private readonly t: LoadTarget,
    private readonly id: number,
  ) {
    this.sock.on('message', (m) => {
      const wt = this.waiting;
      if (!wt || this.r.reset(m) !== null || m.toString('hex', 8, 20) !== wt.tid) return;
      this.waiting = undefined;
      wt.resolve(this.r);
    });
    this.sock.on('error', () => undefined);
  }

  bind(): Promise<void> {
    return new Promise((r) => this.sock.bind(0, '127.0.0.1', () => r()));
  }

  close(): void {
    this.sock.close();
  }

  private tid(): Buffer {
    const b = Buffer.alloc(12);
    b.writeUInt32BE(this.id, 0);
    b.writeUInt32BE(++this.seq, 8);
    return b;
  }

  private async ask(build: (w: StunWriter) => void, method: number, auth: boolean): Promise<number> {
    const tid = this.tid();
    this.w.begin(messageType(method, StunClass.request), tid);
    build(this.w);
    if (auth) {
      this.w.utf8(Attr.USERNAME, this.t.user).utf8(Attr.REALM, this.realm).utf8(Attr.NONCE, this.nonce);
      this.w.integrity(longTermKey(this.t.user, this.realm, this.t.pass));
    }
    const msg = this.w.finish();
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await new Promise<StunReader | undefined>((resolve) => {
        const timer = setTimeout(() => {
          this.waiting = undefined;
          resolve(undefined);
        }, 500);
        this.waiting = {
          tid: tid.toString('hex'),
          resolve: (x) => {
            clearTimeout(timer);
            resolve(x);
          },
        };
        this.sock.send(msg, this.t.port, '127.0.0.1');
      });
      if (r === undefined) continue;
      const ie = r.find(Attr.ERROR_CODE);
      const code = ie < 0 ? 0 : (decodeErrorCode(r, ie)?.code ?? 500);
      if (code === 401 || code === 438) {
        this.realm = decodeRealm(r, r.find(Attr.REALM)) ?? '';
        this.nonce = decodeNonce(r, r.find(Attr.NONCE)) ?? '';
      }
      return code;
    }
    return -1;
  }

  /** A new client's Allocate: the unauthenticated try (401), then the authenticated one. */
  async allocate(): Promise<boolean> {
    this.nonce = '';
    const transport = (w: StunWriter) => w.u32(Attr.REQUESTED_TRANSPORT, 17 << 24);
    if ((await this.ask(transport, StunMethod.allocate, false)) !== 401) return false;
    return (await this.ask(transport, StunMethod.allocate, true)) === 0;
  }

  async release(): Promise<boolean> {
    return (await this.ask((w) => w.u32(Attr.LIFETIME, 0), StunMethod.refresh, true)) === 0;
  }

  async permitAndBind(peerPort: number): Promise<boolean> {
    const peer = { address: '127.0.0.1', port: peerPort };
    const perm = await this.ask(
      (w) => encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer),
      StunMethod.createPermission,
      true,
    );
    const bind = await this.ask(
      (w) => {
        w.u32(Attr.CHANNEL_NUMBER, 0x4000 << 16);
        encodeXorAddress(w, Attr.XOR_PEER_ADDRESS, peer);
      },
      StunMethod.channelBind,
      true,
    );
    return perm === 0 && bind === 0;
  }
}

/**
 * `total` short clients, `concurrency` at a time: each a new socket (a new 5-tuple, as a new
 * client would be; coturn refuses a second Allocate on a 5-tuple it has just freed) doing
 * Allocate (401, then authenticated) and Refresh 0.
 */
export async function allocationRate(
  t: LoadTarget,
  total: number,
  concurrency: number,
): Promise<{ ok: number; failed: number; seconds: number; perSecond: number }> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  let id = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const w = new Worker(t, ++id);
        await w.bind();
        if ((await w.allocate()) && (await w.release())) ok++;
        else failed++;
        w.close();
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { ok, failed, seconds, perSecond: ok / seconds };
}

/** Makes `count` allocations that stay (each with a permission and a channel); close() ends them. */
export async function holdAllocations(
  t: LoadTarget,
  count: number,
  concurrency = 100,
): Promise<{ ok: number; failed: number; close(): void }> {
  const workers = Array.from({ length: count }, (_, i) => new Worker(t, i + 1));
  let ok = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < workers.length) {
        const w = workers[next++]!;
        await w.bind();
        if ((await w.allocate()) && (await w.permitAndBind(9))) ok++;
        else failed++;
      }
    }),
  );
  return {
    ok,
    failed,
    close: () => {
      for (const w of workers) w.close();
    },
  };
}

export type { Socket };
