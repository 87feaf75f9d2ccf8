// The ICE servers a viewer is offered: camrelay's own TURN listeners, by the address a viewer
// can reach (the announced address, the listener's own, or the host name the viewer used to
// reach this server when the listener is bound to a wildcard), and their WHEP Link headers.
export interface TurnListenerAddress {
  transport: 'udp' | 'tcp' | 'tls';
  address: string;
  port: number;
}

export interface IceServer {
  urls: string[];
  username: string;
  credential: string;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

function hostPart(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function turnUrls(
  listeners: readonly TurnListenerAddress[],
  o: { announce?: string; requestHost: string },
): string[] {
  const out: string[] = [];
  for (const l of listeners) {
    const host = o.announce || (WILDCARD.has(l.address) ? o.requestHost : l.address);
    const h = hostPart(host);
    const url =
      l.transport === 'tls'
        ? `turns:${h}:${l.port}?transport=tcp`
        : `turn:${h}:${l.port}?transport=${l.transport}`;
    if (!out.includes(url)) out.push(url);
  }
  return out;
}

const quoted = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

/** One `Link` header value per URL (draft-ietf-wish-whep §4.6, RFC 9725 §4.6). */
export function linkHeaders(server: IceServer): string[] {
  return server.urls.map(
    (u) =>
      `<${u}>; rel="ice-server"; username=${quoted(server.username)}; credential=${quoted(server.credential)}; credential-type="password"`,
  );
}
