// The handles the Node layer gives the core to carry: a dgram socket per relay (and reserved
// port), a net/tls socket per TCP/TLS connection. The core is TurnCore<NodeIo> here, so what
// comes back in its actions is typed, never `unknown` cast back.
import type { Socket as UdpSocket } from 'node:dgram';
import type { Socket as NetSocket } from 'node:net';
import type { IoHandles } from '../core/allocation';

export interface NodeIo extends IoHandles {
  relay: UdpSocket;
  stream: NetSocket;
}
