// Test support for the pure core (imported by tests only): a fake clock, a core whose relay
// binds succeed at once, and a small STUN client that speaks to it without sockets.
import { Credentials } from '../auth/credentials';
import { FailureThrottle } from '../auth/failure-throttle';
import { longTermKey } from '../auth/long-term';
import { NonceIssuer } from '../auth/nonce';
import { RateLimiter } from '../auth/rate-limiter';
import { AUTH_FAILURE_DEFAULTS } from '../config';
import { PeerPolicy, type PeerPolicyConfig } from '../policy/peer-policy';
import { decodeErrorCode } from '../stun/attributes/error-code';
import { decodeNonce } from '../stun/attributes/nonce';
import { decodeRealm } from '../stun/attributes/realm';
import { encodeRequestedTransport } from '../stun/attributes/requested-transport';
import { Attr, messageType, PasswordAlgorithm, StunClass, StunMethod } from '../stun/constants';
import { StunReader } from '../stun/reader';
import { StunWriter } from '../stun/writer';
import type { Allocation } from './allocation';
import { type CoreOptions, TurnCore } from './core';
import { DROP_INDEX, type DropReason } from './drops';
import type { Conn, CoreAction, TurnEvent } from './types';

export interface HarnessOptions extends Partial<Omit<CoreOptions, 'peerPolicy' | 'credentials'>> {
  users?: Record<string, string>;
  secrets?: string[];
  policy?: Partial<PeerPolicyConfig>;
  observerLookup?: boolean;
  /** Relay binds fail with "in use" for these ports. */
  busyPorts?: number[];
}

export interface Sent {
  address: string;
  port: number;
  conn: Conn | undefined;
  bytes: Buffer;
}

export class Harness {
  now = 1_700_000_000_000;
  readonly core: TurnCore;
  readonly events: TurnEvent[] = [];
  readonly replies: Sent[] = [];
  readonly relayed: { allocation: Allocation; address: string; port: number; bytes: Buffer }[] = [];
  readonly lookups: string[] = [];
  readonly closedRelays: Allocation[] = [];
  readonly closedReservations: number[] = [];
  readonly parkedRelays: unknown[] = [];
  readonly closedParked: unknown[] = [];
  private readonly busy: Set<number>;

  constructor(o: HarnessOptions = {}) {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    this.busy = new Set(o.busyPorts ?? []);
    this.core = new TurnCore({
      realm: 'camrelay.test',
      software: 'camrelay-test',
      now: () => this.now,
      lifetimes: { defaultAllocation: 600, maxAllocation: 3600, permission: 300, channel: 600, nonce: 600 },
      relayAddresses: ['203.0.113.1', '2001:db8::1'],
      ports: { min: 49152, max: 65535 },
      quotas: { perUser: 10, total: 100 },
      bandwidth: 0,
      nonces: new NonceIssuer(o.lifetimes?.nonce ?? 600),
      rateLimiter: new RateLimiter({ perSecond: 1000, burst: 1000 }, { perSecond: 10_000, burst: 10_000 }),
      failureThrottle: new FailureThrottle(AUTH_FAILURE_DEFAULTS),
      random,
      randomBytes: (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256))),
      ...o,
      peerPolicy: new PeerPolicy({
        allowLoopback: false,
        allowPrivate: false,
        // the tests' peers are in TEST-NET-2, refused by default like every documentation range
        allow: ['198.51.100.0/24'],
        deny: [],
        ...o.policy,
      }),
      credentials: new Credentials(o.users ?? { alice: 'secret', bob: 'hunter2' }, o.secrets ?? [], {
        observerLookup: !!o.observerLookup,
      }),
    });
    this.core.addListener({ transport: 'udp', localAddress: '203.0.113.1', localPort: 3478 });
    this.core.addListener({ transport: 'tcp', localAddress: '203.0.113.1', localPort: 3478 });
  }

  /** Carries out actions like the Node layer would, synchronously. */
  process(actions: readonly CoreAction[]): void {
    const pending: CoreAction[] = [...actions];
    while (pending.length > 0) {
      const a = pending.shift()!;
      switch (a.kind) {
        case 'reply': {
          const pad = Buffer.alloc(a.pad);
          const bytes = Buffer.concat(a.head ? [a.head, a.body, pad] : [a.body, pad]);
          this.replies.push({ address: a.address, port: a.port, conn: a.conn, bytes });
          break;
        }
        case 'relay':
          this.relayed.push({
            allocation: a.allocation,
            address: a.address,
            port: a.port,
            bytes: Buffer.from(a.data),
          });
          break;
        case 'bind-relay': {
          const failed = this.busy.has(a.allocation.relayPort);
          // like the Node layer: the reserved port + 1 is bound together with the allocation's
          const res = a.allocation.reservation;
          if (!failed && res) res.io = { heldPort: res.port };
          if (!failed && a.allocation.io === undefined)
            a.allocation.io = { boundPort: a.allocation.relayPort };
          const next = this.core.handle(
            failed
              ? { kind: 'relay-failed', allocation: a.allocation, retry: true }
              : { kind: 'relay-bound', allocation: a.allocation },
          );
          pending.push(...next);
          break;
        }
        case 'close-relay':
          this.closedRelays.push(a.allocation);
          break;
        case 'close-reservation':
          this.closedReservations.push(a.reservation.port);
          break;
        case 'park-relay':
          this.parkedRelays.push(a.io);
          break;
        case 'close-parked':
          this.closedParked.push(a.io);
          break;
        case 'lookup-password':
          this.lookups.push(a.username);
          break;
        case 'event':
          this.events.push(a.event);
          break;
        case 'drop':
          break;
      }
    }
  }

  fromClient(data: Buffer, address = '192.0.2.10', port = 40000, conn?: Conn, listener = 0): Sent[] {
    const before = this.replies.length;
    this.process(this.core.fromClient(listener, address, port, conn, data));
    return this.replies.slice(before);
  }

  fromPeer(a: Allocation, address: string, port: number, data: Buffer): Sent[] {
    const before = this.replies.length;
    this.process(this.core.fromPeer(a, address, port, data));
    return this.replies.slice(before);
  }

  advance(ms: number): void {
    this.now += ms;
    this.process(this.core.handle({ kind: 'tick' }));
  }

  drops(reason: DropReason): number {
    return this.core.out.drops[DROP_INDEX[reason]]!;
  }
}

export interface Answer {
  r: StunReader;
  code: number;
  bytes: Buffer;
}

export function parse(bytes: Buffer): Answer {
  const r = new StunReader();
  const err = r.reset(bytes);
  if (err) throw new Error(`not a STUN answer: ${err}`);
  const ie = r.find(Attr.ERROR_CODE);
  return { r, code: ie >= 0 ? decodeErrorCode(r, ie)!.code : 0, bytes };
}

let tidSeq = 1;
export function newTid(): Buffer {
  const t = Buffer.alloc(12);
  t.writeUInt32BE(tidSeq++, 8);
  return t;
}

/** A long-term-credential client for the harness. */
export class TestClient {
  nonce = '';
  realm = '';
  sha256 = false;
  readonly w = new StunWriter();

  constructor(
    readonly h: Harness,
    public username = 'alice',
    public password = 'secret',
    readonly address = '192.0.2.10',
    readonly port = 40000,
    readonly conn?: Conn,
  ) {}

  get key(): Buffer {
    return longTermKey(
      this.username,
      this.realm,
      this.password,
      this.sha256 ? PasswordAlgorithm.sha256 : PasswordAlgorithm.md5,
    );
  }

  /** Builds a request; `auth` adds USERNAME/REALM/NONCE and integrity. */
  build(
    method: number,
    fill?: (w: StunWriter) => void,
    auth = true,
    tid = newTid(),
    fingerprint = true,
  ): Buffer {
    const w = this.w.begin(messageType(method, StunClass.request), tid);
    fill?.(w);
    if (auth) {
      w.utf8(Attr.USERNAME, this.username).utf8(Attr.REALM, this.realm).utf8(Attr.NONCE, this.nonce);
      if (this.sha256) {
        const off = w.attr(Attr.PASSWORD_ALGORITHMS, 8);
        w.bytes.writeUInt16BE(PasswordAlgorithm.sha256, off);
        w.bytes.writeUInt16BE(PasswordAlgorithm.md5, off + 4);
        w.u32(Attr.PASSWORD_ALGORITHM, PasswordAlgorithm.sha256 << 16);
        w.integritySha256(this.key);
      } else {
        w.integrity(this.key);
      }
    }
    if (fingerprint) w.fingerprint();
    return w.finish();
  }

  send(bytes: Buffer): Answer[] {
    return this.h
      .fromClient(bytes, this.address, this.port, this.conn, this.conn ? 1 : 0)
      .map((s) => parse(s.bytes));
  }

  /** Sends a request; on 401/438 learns realm and nonce and sends it once more. */
  request(method: number, fill?: (w: StunWriter) => void): Answer {
    let answers = this.send(this.build(method, fill, this.nonce !== ''));
    const first = answers[0];
    if (first && (first.code === 401 || first.code === 438)) {
      this.realm = decodeRealm(first.r, first.r.find(Attr.REALM)) ?? '';
      this.nonce = decodeNonce(first.r, first.r.find(Attr.NONCE)) ?? '';
      answers = this.send(this.build(method, fill, true));
    }
    if (answers.length !== 1) throw new Error(`expected one answer, got ${answers.length}`);
    return answers[0]!;
  }

  allocate(fill?: (w: StunWriter) => void): Answer {
    return this.request(StunMethod.allocate, (w) => {
      encodeRequestedTransport(w, 17);
      fill?.(w);
    });
  }
}
