// The headless console: the built renderer over HTTP and the host's contract over a
// WebSocket, on 127.0.0.1 unless told otherwise. The page and its assets are public (they
// hold no secret); everything else (the WebSockets, /session, /metrics, /media/stats and any
// extra route) needs `Authorization: Bearer <token>` or the console's session credential,
// checked by one function (auth.ts). Anything else gets 401 and an explanation (JSON under /api/).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { MEDIA_PATH } from '../../shared/media';
import { SESSION_PATH, WS_MAX_CLIENT_MESSAGE, WS_PATH } from '../../shared/wire';
import type { Host } from '../host';
import { type ConsoleAuth, createConsoleAuth, selectProtocol } from './auth';
import { createMediaEndpoint } from './media-endpoint';
import { StaticFiles } from './static-files';
import { sendApiNotFound, sendApiUnauthorized, sendUnauthorized } from './unauthorized';
import { type BridgeStats, bridgeSocket } from './ws-bridge';

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HeadlessServerOptions {
  host: Host;
  token: string;
  /** Built renderer directory (out/renderer). */
  rendererDir: string;
  listenHost?: string;
  listenPort?: number;
  /** Extra authenticated routes (e.g. /metrics), checked before static files. */
  routes?: Record<string, Route>;
  /** Wall clock for session expiry (tests). */
  now?: () => number;
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
  /** The one authentication check, for routes added later. */
  readonly auth: ConsoleAuth;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function sessionRoute(auth: ConsoleAuth): Route {
  return (req, res) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      // "Am I still signed in?": lets the page tell a refused session from a host that is down.
      res.writeHead(204, { 'cache-control': 'no-store', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, HEAD, POST', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    const grant = auth.grant(req);
    if (!grant) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('403 Forbidden: a session is only granted to a page of this console\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    });
    res.end(JSON.stringify(grant));
  };
}

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { host, token } = options;
  const files = new StaticFiles(options.rendererDir);
  const stats: BridgeStats = {
    droppedMessages: 0,
    snapshotsSent: 0,
    coalescedSnapshots: 0,
    closedSlowClients: 0,
    peakBufferedBytes: 0,
  };
  const auth = createConsoleAuth({ token, ...(options.now ? { now: options.now } : {}) });
  // Live video on its own sockets (/media), behind the same token and origin checks.
  const media = createMediaEndpoint(host.live, { handleProtocols: selectProtocol });
  const routes: Record<string, Route> = {
    ...media.routes,
    ...options.routes,
    [SESSION_PATH]: sessionRoute(auth),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.publicRoutes && (await options.publicRoutes(req, res, url.pathname))) return;
    // The API answers in JSON only, its refusals included: a script never gets the HTML page.
    if (url.pathname.startsWith('/api/')) {
      if (!auth.check(req)) return sendApiUnauthorized(res, SECURITY_HEADERS);
      if (options.apiRoutes && (await options.apiRoutes(req, res, url.pathname))) return;
      return sendApiNotFound(res, url.pathname, SECURITY_HEADERS);
    }
    const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (route) {
      if (!auth.check(req)) return sendUnauthorized(req, res, SECURITY_HEADERS);
      return route(req, res);
    }
    // A plain GET of a WebSocket path: not a page.
    if (url.pathname === WS_PATH || url.pathname === MEDIA_PATH)
      return sendUnauthorized(req, res, SECURITY_HEADERS);
    // The page and its assets: public, read-only. The page takes `?token=` itself (it trades
    // it for a session and takes it out of the address bar); the server ignores it here.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS });
      res.end();
      return;
    }
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

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_CLIENT_MESSAGE,
    handleProtocols: selectProtocol,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const known = url.pathname === WS_PATH || url.pathname === MEDIA_PATH;
    // auth.check also refuses a page of another origin (cross-site WebSocket hijacking).
    if (!known || !auth.check(req)) {
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
  const port = (server.address() as AddressInfo).port;
  const shownHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  const base = `${scheme}://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${port}/`;

  return {
    url: base,
    openUrl: `${base}?token=${token}`,
    port,
    stats,
    auth,
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
