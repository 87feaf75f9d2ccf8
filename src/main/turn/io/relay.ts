// Relay sockets: one UDP socket per allocation, bound to the relay address and the port the
// core chose. With EVEN-PORT's R bit the reserved port + 1 is bound at the same time and held
// for the RESERVATION-TOKEN's allocation (which then gets that socket, nothing to bind). A port
// another process holds makes the core pick another (EADDRINUSE). Datagrams go to
// `core.fromPeer` through one closure per allocation, made once.
import type { Socket } from 'node:dgram';
import type { Allocation } from '../core/allocation';
import type { TurnCore } from '../core/core';
import type { CoreAction } from '../core/types';
import type { NodeIo } from './node-io';
import { createUdpSocket } from './udp-socket';

/** What binding a relay needs of the executor: the core, its run loop and its counters. */
export interface RelayHost {
  readonly core: TurnCore<NodeIo>;
  readonly stopped: boolean;
  socketErrors: number;
  run(actions: readonly CoreAction<NodeIo>[]): void;
}

type Bound = (err: NodeJS.ErrnoException | null, sock: Socket | undefined) => void;

function bindOne(exec: RelayHost, family: 4 | 6, address: string, port: number, done: Bound): void {
  const sock = createUdpSocket(family);
  const onError = (err: NodeJS.ErrnoException) => {
    try {
      sock.close();
    } catch {
      // never bound: nothing to close
    }
    done(err, undefined);
  };
  sock.once('error', onError);
  sock.bind({ address, port, exclusive: true }, () => {
    sock.removeListener('error', onError);
    sock.on('error', () => {
      exec.socketErrors++;
    });
    done(null, sock);
  });
}

function closeQuietly(s: Socket | undefined): void {
  try {
    s?.close();
  } catch {
    // already closed
  }
}

export function bindRelay(exec: RelayHost, a: Allocation<NodeIo>): void {
  const core = exec.core;
  const live = (sock: Socket) => {
    if (exec.stopped || a.state !== 'binding') {
      closeQuietly(sock);
      if (!exec.stopped) exec.run(core.handle({ kind: 'relay-bound', allocation: a }));
      return;
    }
    a.io = sock;
    sock.on('message', (msg, rinfo) => {
      exec.run(core.fromPeer(a, rinfo.address, rinfo.port, msg));
    });
    exec.run(core.handle({ kind: 'relay-bound', allocation: a }));
  };
  const failed = (err: NodeJS.ErrnoException) => {
    if (exec.stopped) return;
    const retry = err.code === 'EADDRINUSE' || err.code === 'EACCES';
    exec.run(core.handle({ kind: 'relay-failed', allocation: a, retry }));
  };
  if (a.io !== undefined) {
    // handed over from a redeemed reservation: already bound
    const sock = a.io;
    a.io = undefined;
    live(sock);
    return;
  }
  bindOne(exec, a.family, a.relayAddress, a.relayPort, (err, sock) => {
    if (err || !sock) return failed(err ?? new Error('bind failed'));
    const res = a.reservation;
    if (res === undefined) return live(sock);
    bindOne(exec, a.family, a.relayAddress, res.port, (err2, held) => {
      if (err2 || !held) {
        closeQuietly(sock);
        return failed(err2 ?? new Error('bind failed'));
      }
      if (exec.stopped || res.dead) closeQuietly(held);
      else res.io = held;
      live(sock);
    });
  });
}

export function closeSocket(s: Socket | undefined): void {
  closeQuietly(s);
}
