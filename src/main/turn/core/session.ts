// Who a request comes from, as every layer names it: the client's transport address and the
// local listener it used. A leaf: the peer policy, errors and the core all import it.

export type ClientTransport = 'udp' | 'tcp' | 'tls';

/**
 * The seed's session address: the client's transport address plus the local interface (listener
 * address and port) the request came in on.
 */
export interface SessionAddress {
  readonly transport: ClientTransport;
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
  readonly localAddress: string;
  readonly localPort: number;
}

/** A listener as the core knows it; `index` is what inputs name. */
export interface ListenerInfo {
  readonly index: number;
  readonly transport: ClientTransport;
  readonly localAddress: string;
  readonly localPort: number;
}
