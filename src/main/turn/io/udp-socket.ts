// UDP sockets for the TURN server. Every address we send to or bind is an IP literal, so the
// DNS lookup dgram does before each send is replaced by one that answers at once: no nextTick
// and no closure per datagram on the relay path.
import { createSocket, type Socket } from 'node:dgram';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

function literal(address: string, _options: unknown, callback: LookupCallback): void {
  callback(null, address, address.includes(':') ? 6 : 4);
}

export function createUdpSocket(family: 4 | 6): Socket {
  return createSocket({ type: family === 6 ? 'udp6' : 'udp4', ipv6Only: family === 6, lookup: literal });
}
