// The TURN core: no sockets, no timers, no logging. `handle(input)` (and the two hot-path entry
// points it delegates to) returns the actions for the Node layer to carry out. The returned
// array and the hot-path action objects in it are reused: consume them before the next call.

import { randomBytes } from 'node:crypto';
import type { Credentials } from '../auth/credentials';
import type { FailureThrottle } from '../auth/failure-throttle';
import { KeyCache } from '../auth/long-term';
import type { NonceIssuer } from '../auth/nonce';
import type { RateLimiter } from '../auth/rate-limiter';
import type { PeerFilter, PeerGrant } from '../policy/peer-policy';
import { StunClass } from '../stun/constants';
import { StunReader } from '../stun/reader';
import type { Allocation, Channel, Permission, Reservation } from './allocation';
import { AllocationTable } from './allocation-table';
import { channelDataFromClient, dataFromPeer } from './data-path';
import { DROP_INDEX, type DropReason, newDropCounters } from './drops';
import { ExpiryHeap } from './expiry-heap';
import { finishAllocate, retryAllocate } from './handlers/allocate';
import { ROUTES } from './handlers/routes';
import { closeAllocation, dropReservation, expire, type Traffic, trafficOf } from './lifecycle';
import type { CoreOptions, Source } from './options';
import { PasswordWaits } from './password-wait';
import { PortAllocator } from './port-allocator';
import { expireParked, type SpareRelay } from './recycle';
import { type AuthKey, type Fill, Responder } from './respond';
import type {
  AuthFailure,
  CloseReason,
  Conn,
  CoreAction,
  CoreInput,
  Lifetimes,
  ListenerInfo,
  RelayAction,
  ReplyAction,
  TurnEvent,
} from './types';

export type { AuthFailure, CoreOptions, Source };

export class TurnCore {
  readonly reader = new StunReader();
  readonly responder: Responder;
  readonly src: Source = {
    listener: 0,
    address: '',
    port: 0,
    family: 4,
    conn: undefined,
    data: Buffer.alloc(0),
  };
  readonly drops = newDropCounters();
  /** Answers sent, by STUN error code (200 for success). */
  readonly answers = new Map<number, number>();
  readonly authFailures = new Map<AuthFailure, number>();
  readonly table = new AllocationTable();
  readonly heap = new ExpiryHeap<Allocation | Permission | Channel | Reservation>();
  readonly ports: PortAllocator;
  readonly reservations = new Map<string, Reservation>();
  /** Relay sockets of closed allocations kept bound for reuse (see recycle.ts). */
  readonly spareRelays: SpareRelay[] = [];
  readonly listeners: ListenerInfo[] = [];
  readonly realm: string;
  readonly credentials: Credentials;
  readonly nonces: NonceIssuer;
  readonly keys = new KeyCache();
  readonly policy: PeerFilter;
  readonly failureThrottle: FailureThrottle;
  readonly peerGrant: PeerGrant | undefined;
  readonly lifetimes: Lifetimes;
  readonly quotas: { perUser: number; total: number };
  readonly bandwidth: number;
  readonly maxPermissions: number;
  readonly channelMax: number;
  readonly randomBytes: (n: number) => Buffer;
  nowMs: number;
  /** Totals since the core was made. */
  allocationsCreated = 0;
  permissionCount = 0;
  channelCount = 0;
  /** Traffic of allocations already closed (live ones keep their own counters). */
  readonly closedTraffic: Traffic = {
    bytesToPeer: 0,
    packetsToPeer: 0,
    bytesFromPeer: 0,
    packetsFromPeer: 0,
  };
  /** Requests answered again from the cache (same transaction id). */
  retransmissions = 0;
  /** CreatePermission/ChannelBind peers refused by the peer policy. */
  peerRefusals = 0;
  private readonly out: CoreAction[] = [];
  private readonly waits: PasswordWaits;
  private readonly relayAddresses: readonly string[];
  private readonly announce: ReadonlyMap<string, string>;
  private readonly rateLimiter: RateLimiter;
  private readonly now: () => number;
  private nextConn = 1;
  private readonly tidPrefix: Buffer;
  private tidCounter = 0;
  readonly relayOut: RelayAction = {
    kind: 'relay',
    allocation: undefined!,
    address: '',
    port: 0,
    data: undefined!,
  };
  readonly replyOut: ReplyAction = {
    kind: 'reply',
    listener: 0,
    address: '',
    port: 0,
    conn: undefined,
    head: null,
    body: undefined!,
    pad: 0,
  };

  constructor(o: CoreOptions) {
    this.realm = o.realm;
    this.responder = new Responder(o.software);
    this.now = o.now;
    this.nowMs = o.now();
    this.lifetimes = o.lifetimes;
    this.relayAddresses = o.relayAddresses;
    this.announce = o.announce ?? new Map();
    this.ports = new PortAllocator(o.ports.min, o.ports.max, o.random);
    this.policy = o.peerPolicy;
    this.failureThrottle = o.failureThrottle;
    this.peerGrant = o.peerGrant;
    this.quotas = o.quotas;
    this.bandwidth = o.bandwidth;
    this.credentials = o.credentials;
    this.nonces = o.nonces;
    this.rateLimiter = o.rateLimiter;
    this.maxPermissions = o.maxPermissionsPerAllocation ?? 1000;
    this.channelMax = o.channelMax ?? 0x7fff;
    this.waits = new PasswordWaits(o.maxParked ?? 256);
    this.randomBytes = o.randomBytes ?? randomBytes;
    this.tidPrefix = this.randomBytes(8);
  }

  /**
   * A transaction id for the Data indications of one allocation: 8 random bytes per core and a
   * counter (indications are not requests; the id needs to be distinct, not secret).
   */
  nextIndicationTid(): Buffer {
    const t = Buffer.allocUnsafe(12);
    this.tidPrefix.copy(t, 0);
    t.writeUInt32BE(this.tidCounter++ >>> 0, 8);
    return t;
  }

  addListener(l: Omit<ListenerInfo, 'index'>): ListenerInfo {
    const info = { ...l, index: this.listeners.length };
    this.listeners.push(info);
    return info;
  }

  openConn(listener: number, address: string, port: number): Conn {
    const family = address.includes(':') ? 6 : 4;
    return {
      id: this.nextConn++,
      listener,
      address,
      port,
      family,
      allocation: undefined,
      closed: false,
      io: undefined,
    };
  }

  handle(input: CoreInput): readonly CoreAction[] {
    switch (input.kind) {
      case 'client':
        return this.fromClient(input.listener, input.address, input.port, input.conn, input.data);
      case 'peer':
        return this.fromPeer(input.allocation, input.address, input.port, input.data);
      case 'relay-bound':
        return this.run(() => this.relayBound(input.allocation));
      case 'relay-failed':
        return this.run(() => this.relayFailed(input.allocation, input.retry));
      case 'password':
        return this.run(() => this.passwordKnown(input.username, input.password));
      case 'conn-closed':
        return this.run(() => {
          input.conn.closed = true;
          const a = input.conn.allocation;
          if (a) this.close(a, 'connection-closed');
        });
      case 'tick':
        return this.run(() => this.tick());
      case 'delete':
        return this.run(() => {
          const a = this.table.byId(input.id);
          if (a) this.close(a, 'deleted');
        });
      case 'stop':
        return this.run(() => {
          for (const a of [...this.table.all()]) this.close(a, 'stopped');
          for (const r of [...this.reservations.values()]) dropReservation(this, r);
          expireParked(this, true);
          this.heap.clear();
        });
      default: {
        const never: never = input;
        throw new TypeError(`unknown core input ${(never as { kind: string }).kind}`);
      }
    }
  }

  /** A packet from a client on a listener (UDP: conn undefined; TCP/TLS: one whole frame). */
  fromClient(
    listener: number,
    address: string,
    port: number,
    conn: Conn | undefined,
    data: Buffer,
  ): readonly CoreAction[] {
    const out = this.out;
    out.length = 0;
    if (data.length < 4) {
      this.drop('stun-short');
      return out;
    }
    const top = data[0]! & 0xc0;
    if (top === 0x40) {
      const alloc = conn !== undefined ? conn.allocation : this.table.udpLookup(listener, address, port);
      channelDataFromClient(this, alloc, data, conn !== undefined);
      return out;
    }
    if (top !== 0) {
      this.drop('not-stun-or-channel-data');
      return out;
    }
    const err = this.reader.reset(data);
    if (err !== null) {
      this.drop(err);
      return out;
    }
    const src = this.src;
    src.listener = listener;
    src.address = address;
    src.port = port;
    src.family = conn !== undefined ? conn.family : address.includes(':') ? 6 : 4;
    src.conn = conn;
    src.data = data;
    const handler = ROUTES.get(this.reader.type);
    if (handler === undefined) {
      if (this.reader.cls === StunClass.request) {
        this.nowMs = this.now();
        this.answerUnauthenticated(400);
      } else {
        this.drop(
          this.reader.cls === StunClass.indication ? 'unknown-indication' : 'response-or-unknown-class',
        );
      }
      return out;
    }
    if (this.reader.cls === StunClass.request) this.nowMs = this.now();
    handler(this);
    return out;
  }

  /** A datagram from a peer on an allocation's relay socket. */
  fromPeer(allocation: Allocation, address: string, port: number, data: Buffer): readonly CoreAction[] {
    const out = this.out;
    out.length = 0;
    dataFromPeer(this, allocation, address, port, data);
    return out;
  }

  // ---- helpers for handlers and the data path ----

  push(a: CoreAction): void {
    this.out.push(a);
  }

  drop(reason: DropReason): void {
    this.drops[DROP_INDEX[reason]]!++;
  }

  emit(event: TurnEvent): void {
    this.out.push({ kind: 'event', event });
  }

  /** Sends `answer` to the current source and counts it by code (200 = success, null = a retransmission). */
  answer(answer: Buffer, code: number | null): void {
    const s = this.src;
    if (code === null) this.retransmissions++;
    else this.answers.set(code, (this.answers.get(code) ?? 0) + 1);
    this.out.push(reply(s.listener, s.address, s.port, s.conn, answer));
  }

  /** Sends `answer` to an allocation's client (answers built after the request was handled). */
  answerTo(a: Allocation, answer: Buffer, code: number): void {
    this.answers.set(code, (this.answers.get(code) ?? 0) + 1);
    this.out.push(reply(a.listener, a.session.address, a.session.port, a.conn, answer));
  }

  success(auth: AuthKey | null, fill?: Fill): Buffer {
    const b = this.responder.success(this.reader, auth, fill);
    this.answer(b, 200);
    return b;
  }

  error(code: number, auth: AuthKey | null, fill?: Fill): Buffer {
    const b = this.responder.error(this.reader, code, auth, fill);
    this.answer(b, code);
    return b;
  }

  /**
   * An error answer to a request not (yet) authenticated: rate limited per source IP, and by the
   * global budget unless `shared` is false (a challenge any client needs to begin with).
   */
  answerUnauthenticated(code: number, fill?: Fill, shared = true): void {
    if (!this.rateLimiter.take(this.src.address, this.nowMs, shared)) {
      this.drop('rate-limited');
      return;
    }
    this.error(code, null, fill);
  }

  peerRefused(_ip: string): void {
    this.peerRefusals++;
  }

  /** Counts a failed authentication of the current request and tells the Observer who it was. */
  authFailure(kind: AuthFailure, username: string): void {
    this.authFailures.set(kind, (this.authFailures.get(kind) ?? 0) + 1);
    const s = this.src;
    const l = this.listeners[s.listener];
    this.emit({
      type: 'authFailed',
      session: {
        transport: l?.transport ?? 'udp',
        address: s.address,
        port: s.port,
        family: s.family,
        localAddress: l?.localAddress ?? '',
        localPort: l?.localPort ?? 0,
      },
      username,
      reason: kind,
    });
  }

  parkForPassword(username: string): void {
    this.waits.park(this, username);
  }

  /** Requests that have waited for a password, in all. */
  get parkedTotal(): number {
    return this.waits.total;
  }

  /** The relayed address clients are told for relay IP `bound`. */
  announced(bound: string): string {
    return this.announce.get(bound) ?? bound;
  }

  relayAddressFor(family: 4 | 6, localAddress: string): string | undefined {
    const fam = (ip: string) => (ip.includes(':') ? 6 : 4);
    if (this.relayAddresses.includes(localAddress) && fam(localAddress) === family) return localAddress;
    return this.relayAddresses.find((ip) => fam(ip) === family);
  }

  /** Ends an allocation: frees its port, permissions and channels; one `closed` event. */
  close(a: Allocation, reason: CloseReason): void {
    closeAllocation(this, a, reason);
  }

  /** Traffic totals: closed allocations plus the live ones (a scan: call it at scrape rate). */
  traffic(): Traffic {
    return trafficOf(this);
  }

  private run(f: () => void): readonly CoreAction[] {
    this.out.length = 0;
    this.nowMs = this.now();
    f();
    return this.out;
  }

  private tick(): void {
    this.heap.run(this.nowMs, (item) => expire(this, item));
    expireParked(this);
  }

  private relayBound(a: Allocation): void {
    if (a.state !== 'binding') {
      this.out.push({ kind: 'close-relay', allocation: a });
      return;
    }
    finishAllocate(this, a);
  }

  private relayFailed(a: Allocation, retry: boolean): void {
    if (a.state !== 'binding') return;
    retryAllocate(this, a, retry);
  }

  private passwordKnown(username: string, password: string | null): void {
    this.credentials.remember(username, password, this.nowMs);
    const collected: CoreAction[] = [];
    for (const s of this.waits.take(username)) {
      if (s.conn?.closed) continue;
      collected.push(...this.fromClient(s.listener, s.address, s.port, s.conn, s.data));
    }
    this.out.length = 0;
    this.out.push(...collected);
  }
}

function reply(
  listener: number,
  address: string,
  port: number,
  conn: Conn | undefined,
  body: Buffer,
): CoreAction {
  return { kind: 'reply', listener, address, port, conn, head: null, body, pad: 0 };
}
