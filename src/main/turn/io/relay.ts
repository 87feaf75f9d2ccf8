// Relay sockets: one UDP socket per allocation, bound to the relay address and the port the
// core chose. A port another process holds makes the core pick another (EADDRINUSE); its
// datagrams go to `core.fromPeer` through one closure per allocation, made once.
import { createSocket } from 'node:dgram';
import type { Allocation } from '../core/allocation';
import type { Executor } from './executor';

export function bindRelay(exec: Executor, a: Allocation): void {
  const core = exec.core;
  const sock = createSocket({ type: a.family === 6 ? 'udp6' : 'udp4', ipv6Only: a.family === 6 });
  const onBindError = (err: NodeJS.ErrnoException) => {
    try {
      sock.close();
    } catch {
      // never bound: nothing to close
    }
    if (exec.stopped) return;
    const retry = err.code === 'EADDRINUSE' || err.code === 'EACCES';
    exec.run(core.handle({ kind: 'relay-failed', allocation: a, retry }));
  };
  sock.once('error', onBindError);
  sock.bind({ address: a.relayAddress, port: a.relayPort, exclusive: true }, () => {
    sock.removeListener('error', onBindError);
    sock.on('error', () => {
      exec.socketErrors++;
    });
    if (exec.stopped || a.state !== 'binding') {
      sock.close();
      return;
    }
    a.io = sock;
    sock.on('message', (msg, rinfo) => {
      exec.run(core.fromPeer(a, rinfo.address, rinfo.port, msg));
    });
    exec.run(core.handle({ kind: 'relay-bound', allocation: a }));
  });
}
