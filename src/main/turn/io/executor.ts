// Carries out the core's actions on real sockets. Sends happen at once; anything that may call
// back into the core (Observer events, password lookups, relay binds) is queued and run after
// the action list is done: the list is the core's reused array, which a nested call would
// overwrite while it is being read. So an Observer that calls deleteAllocation() is safe.

import type { Socket as UdpSocket } from 'node:dgram';
import type { Allocation } from '../core/allocation';
import type { TurnCore } from '../core/core';
import type { CoreAction, ReplyAction, TurnEvent } from '../core/types';
import type { NodeIo } from './node-io';
import { bindRelay, closeSocket } from './relay';

const PAD = Buffer.alloc(4);

export interface ExecutorHooks {
  /** An Observer event (the server dispatches it, catching what the Observer throws). */
  event(e: TurnEvent): void;
  /** Ask the Observer for a password; answer through `core.handle({kind: 'password'})`. */
  lookupPassword(username: string): void;
}

export class Executor {
  /** UDP listener sockets by listener index (undefined for stream listeners). */
  readonly udp: (UdpSocket | undefined)[] = [];
  /** Relayed data to stream clients dropped because their socket had too much queued. */
  streamBacklogDrops = 0;
  /** Send errors reported by sockets. */
  socketErrors = 0;
  stopped = false;
  private readonly deferred: CoreAction<NodeIo>[] = [];
  private draining = false;

  constructor(
    readonly core: TurnCore<NodeIo>,
    private readonly hooks: ExecutorHooks,
    private readonly maxStreamBacklog: number,
  ) {}

  run(actions: readonly CoreAction<NodeIo>[]): void {
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      switch (a.kind) {
        case 'reply':
          this.reply(a);
          break;
        case 'relay': {
          const s = a.allocation.io;
          if (s !== undefined) s.send(a.data, a.port, a.address);
          break;
        }
        case 'close-relay':
          this.closeRelay(a.allocation);
          break;
        case 'close-reservation':
          closeSocket(a.reservation.io);
          a.reservation.io = undefined;
          break;
        case 'park-relay':
          a.io.removeAllListeners('message');
          break;
        case 'close-parked':
          closeSocket(a.io);
          break;
        // these may call back into the core synchronously (a handed-over relay socket, a sync
        // getPassword, an Observer calling deleteAllocation): after this loop, never inside it
        case 'bind-relay':
        case 'lookup-password':
        case 'event':
          this.deferred.push(a);
          break;
        case 'drop':
          break;
        default: {
          const never: never = a;
          throw new TypeError(`unknown action ${(never as { kind: string }).kind}`);
        }
      }
    }
    if (this.deferred.length > 0 && !this.draining) this.drain();
  }

  private drain(): void {
    this.draining = true;
    try {
      for (let a = this.deferred.shift(); a !== undefined; a = this.deferred.shift()) {
        if (a.kind === 'event') this.hooks.event(a.event);
        else if (a.kind === 'lookup-password') this.hooks.lookupPassword(a.username);
        else if (a.kind === 'bind-relay') bindRelay(this, a.allocation);
      }
    } finally {
      this.draining = false;
    }
  }

  private reply(a: ReplyAction<NodeIo>): void {
    if (a.conn === undefined) {
      const s = this.udp[a.listener];
      if (s === undefined) return;
      if (a.head === null) s.send(a.body, a.port, a.address);
      else if (a.pad === 0) s.send([a.head, a.body], a.port, a.address);
      else s.send([a.head, a.body, PAD.subarray(0, a.pad)], a.port, a.address);
      return;
    }
    const sock = a.conn.io;
    if (sock === undefined || sock.destroyed || a.conn.closed) return;
    if (a.head !== null && sock.writableLength > this.maxStreamBacklog) {
      this.streamBacklogDrops++; // relayed data only; answers always go out
      return;
    }
    if (a.head === null) {
      sock.write(a.body);
      return;
    }
    if (this.core.state.listeners[a.conn.listener]?.transport === 'tls') {
      // one write, so one TLS record, per frame: clients that read TLS record by record
      // (coturn's uclient) cannot split two frames out of one record
      sock.write(
        a.pad > 0 ? Buffer.concat([a.head, a.body, PAD.subarray(0, a.pad)]) : Buffer.concat([a.head, a.body]),
      );
      return;
    }
    sock.cork();
    sock.write(a.head);
    sock.write(a.body);
    if (a.pad > 0) sock.write(PAD.subarray(0, a.pad));
    sock.uncork();
  }

  closeRelay(a: Allocation<NodeIo>): void {
    const s = a.io;
    a.io = undefined;
    closeSocket(s);
  }
}
