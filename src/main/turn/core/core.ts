// The TURN core: no sockets, no timers. `handle(input)` (and the two hot-path entry points it
// delegates to) returns the actions for the Node layer to carry out. The returned array and the
// hot-path action objects in it are reused: consume them before the next call.
//
// The core is the entry and the dispatcher; what it works on has one owner each: CoreState
// (allocations and their bookkeeping), Outbox (actions and counters), Replies (answers to the
// request), Authenticator (credentials, nonces, waits). Handlers get the request and those,
// never the core.
import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../../shared/engine-log';
import { StunClass } from '../stun/constants';
import type { Allocation, Conn, IoHandles } from './allocation';
import { Authenticator } from './auth';
import { channelDataFromClient, dataFromPeer } from './data-path';
import { finishAllocate, retryAllocate } from './handlers/allocate';
import { ROUTES } from './handlers/routes';
import type { RequestServices } from './handlers/services';
import { closeAllocation, dropReservation, expire } from './lifecycle';
import type { CoreOptions, Source } from './options';
import { Outbox } from './outbox';
import { expireParked } from './recycle';
import { Replies } from './replies';
import { TurnRequest } from './request';
import { RequestLog } from './request-log';
import { Responder } from './respond';
import { CoreState, type Traffic } from './state';
import type { CoreAction, CoreInput, ListenerInfo } from './types';

export type { CoreOptions, Source };

export class TurnCore<Io extends IoHandles = IoHandles> {
  readonly state: CoreState<Io>;
  readonly out: Outbox<Io>;
  readonly auth: Authenticator<Io>;
  private readonly replies: Replies;
  private readonly services: RequestServices;
  /** The request being handled: one object, refilled per packet. */
  private readonly req = new TurnRequest<Io>();
  private readonly log: RequestLog;
  private readonly now: () => number;
  private nextConn = 1;

  constructor(o: CoreOptions) {
    this.now = o.now;
    this.state = new CoreState<Io>(o, o.randomBytes ?? randomBytes);
    this.out = new Outbox<Io>();
    this.replies = new Replies(this.out, new Responder(o.software), o.rateLimiter, this.state);
    this.auth = new Authenticator<Io>({
      realm: o.realm,
      credentials: o.credentials,
      nonces: o.nonces,
      failureThrottle: o.failureThrottle,
      maxParked: o.maxParked ?? 256,
    });
    this.services = { state: this.state, out: this.out, replies: this.replies, auth: this.auth };
    this.log = new RequestLog(o.logger ?? silentLogger, this.state, this.out);
  }

  addListener(l: Omit<ListenerInfo, 'index'>): ListenerInfo {
    const info = { ...l, index: this.state.listeners.length };
    this.state.listeners.push(info);
    return info;
  }

  openConn(listener: number, address: string, port: number): Conn<Io> {
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

  handle(input: CoreInput<Io>): readonly CoreAction<Io>[] {
    switch (input.kind) {
      case 'client':
        return this.fromClient(input.listener, input.address, input.port, input.conn, input.data);
      case 'peer':
        return this.fromPeer(input.allocation, input.address, input.port, input.data);
      case 'relay-bound':
        return this.run(() => {
          this.relayBound(input.allocation);
          if (this.log.enabled) this.log.allocateAnswered(input.allocation);
        });
      case 'relay-failed':
        return this.run(() => {
          if (input.allocation.state !== 'binding') return;
          retryAllocate(this.services, input.allocation, input.retry);
          if (this.log.enabled) this.log.allocateAnswered(input.allocation);
        });
      case 'password':
        return this.run(() => this.passwordKnown(input.username, input.password));
      case 'conn-closed':
        return this.run(() => {
          input.conn.closed = true;
          const a = input.conn.allocation;
          if (a) closeAllocation(this.services, a, 'connection-closed');
        });
      case 'tick':
        return this.run(() => {
          this.state.heap.run(this.state.nowMs, (item) => expire(this.services, item));
          expireParked(this.services);
        });
      case 'delete':
        return this.run(() => {
          const a = this.state.table.byId(input.id);
          if (a) closeAllocation(this.services, a, 'deleted');
        });
      case 'stop':
        return this.run(() => {
          for (const a of [...this.state.table.all()]) closeAllocation(this.services, a, 'stopped');
          for (const r of [...this.state.reservations.values()]) dropReservation(this.services, r);
          expireParked(this.services, true);
          this.state.heap.clear();
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
    conn: Conn<Io> | undefined,
    data: Buffer,
  ): readonly CoreAction<Io>[] {
    const out = this.out;
    const actions = out.clear();
    if (data.length < 4) {
      out.drop('stun-short');
      return actions;
    }
    const state = this.state;
    const top = data[0]! & 0xc0;
    if (top === 0x40) {
      const alloc = conn !== undefined ? conn.allocation : state.table.udpLookup(listener, address, port);
      channelDataFromClient(this.services, alloc, data, conn !== undefined);
      return actions;
    }
    if (top !== 0) {
      out.drop('not-stun-or-channel-data');
      return actions;
    }
    const req = this.req;
    const err = req.msg.reset(data);
    if (err !== null) {
      out.drop(err);
      return actions;
    }
    req.listener = listener;
    req.address = address;
    req.port = port;
    req.family = conn !== undefined ? conn.family : address.includes(':') ? 6 : 4;
    req.conn = conn;
    req.data = data;
    req.auth = undefined;
    req.allocation = conn !== undefined ? conn.allocation : state.table.udpLookup(listener, address, port);
    const isRequest = req.msg.cls === StunClass.request;
    if (isRequest) state.nowMs = this.now();
    const handler = ROUTES.get(req.msg.type);
    if (handler !== undefined) handler(req, this.services);
    else if (isRequest) this.replies.unauthenticated(req, 400);
    else out.drop(req.msg.cls === StunClass.indication ? 'unknown-indication' : 'response-or-unknown-class');
    if (isRequest && this.log.enabled) this.log.request(req, actions);
    return actions;
  }

  /** A datagram from a peer on an allocation's relay socket. */
  fromPeer(
    allocation: Allocation<Io>,
    address: string,
    port: number,
    data: Buffer,
  ): readonly CoreAction<Io>[] {
    const actions = this.out.clear();
    dataFromPeer(this.services, allocation, address, port, data);
    return actions;
  }

  /** Requests that have waited for a password, in all. */
  get parkedTotal(): number {
    return this.auth.waits.total;
  }

  /** Traffic totals: closed allocations plus the live ones (a scan: call it at scrape rate). */
  traffic(): Traffic {
    return this.state.traffic();
  }

  private run(f: () => void): readonly CoreAction<Io>[] {
    const actions = this.out.clear();
    this.state.nowMs = this.now();
    f();
    return actions;
  }

  private relayBound(a: Allocation<Io>): void {
    if (a.state !== 'binding') {
      this.out.push({ kind: 'close-relay', allocation: a });
      return;
    }
    finishAllocate(this.services, a);
  }

  private passwordKnown(username: string, password: string | null): void {
    this.auth.credentials.remember(username, password, this.state.nowMs);
    const collected: CoreAction<Io>[] = [];
    for (const s of this.auth.waits.take(username)) {
      if (s.conn?.closed) continue;
      collected.push(...this.fromClient(s.listener, s.address, s.port, s.conn, s.data));
    }
    const actions = this.out.clear();
    actions.push(...collected);
  }
}
