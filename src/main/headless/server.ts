// The headless console: the built renderer over HTTP and the host's contract over a
// WebSocket, on 127.0.0.1 unless told otherwise. Every request needs the access token: as
// `?token=` (first visit: it is moved into an HttpOnly cookie and the URL cleaned), as the
// cookie, or as `Authorization: Bearer`. Anything else gets 401 and nothing more.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { MEDIA_PATH } from '../../shared/media';
import { tokenCookieName, WS_MAX_CLIENT_MESSAGE, WS_PATH } from '../../shared/wire';
import type { Host } from '../host';
import { createMediaEndpoint } from './media-endpoint';
import { StaticFiles } from './static-files';
import { tokenMatches } from './token';
import { type BridgeStats, bridgeSocket } from './ws-bridge';

export interface HeadlessServerOptions {
  host: Host;
  token: string;
  /** Built renderer directory (out/renderer). */
  rendererDir: string;
  listenHost?: string;
  listenPort?: number;
  /** Extra authenticated routes (e.g. /metrics), checked before static files. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;
  /**
   * Routes that carry their own capability and need no console token (share links, WHEP):
   * resolves true when it answered the request.
   */
  publicRoutes?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  /** Authenticated routes matched by prefix (the /api/v1 router), any method: true when answered. */
  apiRoutes?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string };
}

export interface HeadlessServer {
  readonly url: string;
  /** The URL to open, token included. */
  readonly openUrl: string;
  readonly port: number;
  readonly stats: BridgeStats;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end('401 Unauthorized\n');
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { host, token } = options;
  const files = new StaticFiles(options.rendererDir);
  const stats: BridgeStats = { droppedMessages: 0 };
  let port = 0;
  const cookieName = () => tokenCookieName(port);

  const authorised = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(token, url.searchParams.get('token') ?? undefined) ||
    tokenMatches(token, parseCookies(req.headers.cookie).get(cookieName())) ||
    tokenMatches(token, bearer(req));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.publicRoutes && (await options.publicRoutes(req, res, url.pathname))) return;
    if (!authorised(req, url)) return unauthorized(res);
    if (options.apiRoutes && (await options.apiRoutes(req, res, url.pathname))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    if (url.searchParams.has('token')) {
      // Keep the token out of the address bar, history and Referer: cookie, then clean URL.
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: url.pathname + (url.search || ''),
        'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end();
      return;
    }
    const route = options.routes?.[url.pathname] ?? media.routes[url.pathname];
    if (route) return route(req, res);
    const file = await files.get(url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('404 Not Found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': file.body.length,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      host.log.error('app', `headless console request failed: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    });
  };
  const scheme = options.tls ? 'https' : 'http';
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createServer(onRequest);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_CLIENT_MESSAGE });
  // Live video on its own sockets (/media), behind the same token and origin checks.
  const media = createMediaEndpoint(host.live);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `${scheme}://${req.headers.host}`;
    const known = url.pathname === WS_PATH || url.pathname === MEDIA_PATH;
    if (!known || !sameOrigin || !authorised(req, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (url.pathname === MEDIA_PATH) media.handleUpgrade(req, socket, head);
    else wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, host, stats));
  });

  const listenHost = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const base = `${scheme}://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}/`;

  return {
    url: base,
    openUrl: `${base}?token=${token}`,
    port,
    stats,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      media.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
