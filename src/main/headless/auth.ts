// Who may use the headless console, checked the same way for every protected route and
// WebSocket (the reusable check is `ConsoleAuth.check`):
//   - scripts: `Authorization: Bearer <access token>` (the token in DATA_DIR/ui-token);
//   - the browser console: a session credential, minted at SESSION_PATH from the token and
//     presented as `Authorization: Session <credential>` or, on a WebSocket, as the
//     subprotocol `camrelay.session.<credential>`.
// A session credential is a MAC over (origin, expiry, nonce) keyed from the token: it needs no
// server-side table, survives a host restart, dies with a new token, and is refused on any
// other origin (another port of 127.0.0.1 included). Nothing here ever sets a cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  SESSION_AUTH_SCHEME,
  SESSION_PROTOCOL_PREFIX,
  type SessionGrant,
  WS_PROTOCOL,
} from '../../shared/wire';
import { tokenMatches } from './token';

/** A session lasts this long unless the page renews it (it does, while open). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const VERSION = 's1';

export type Principal = 'script' | 'console';

export interface ConsoleAuthOptions {
  token: string;
  now?: () => number;
}

export interface ConsoleAuth {
  /** Who sent this request (HTTP or WebSocket upgrade), or undefined: answer 401. */
  check(req: IncomingMessage): Principal | undefined;
  /** A new session for the origin the request came from; undefined when it has none of ours. */
  grant(req: IncomingMessage): SessionGrant | undefined;
}

/** `http://host:port` as the browser sees this server (the Host header, our scheme). */
export function consoleOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** The request is from a page of this server, or from no page at all (a script). */
export function sameOriginOrNone(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin.toLowerCase() === consoleOrigin(req);
}

function bearer(req: IncomingMessage, scheme: string): string | undefined {
  const h = req.headers.authorization;
  const prefix = `${scheme} `;
  return h?.startsWith(prefix) ? h.slice(prefix.length).trim() : undefined;
}

/** The session credential offered as a WebSocket subprotocol, if any. */
function protocolSession(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  for (const p of header.split(',')) {
    const v = p.trim();
    if (v.startsWith(SESSION_PROTOCOL_PREFIX)) return v.slice(SESSION_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/**
 * `handleProtocols` for a WebSocketServer: the browser offers [WS_PROTOCOL, session]; the
 * server must pick one it offered, and never echoes the credential.
 */
export function selectProtocol(protocols: Set<string>): string | false {
  return protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}

export function createConsoleAuth(options: ConsoleAuthOptions): ConsoleAuth {
  const now = options.now ?? Date.now;
  const { token } = options;
  const key = createHmac('sha256', token).update('camrelay console session v1').digest();
  const mac = (origin: string, expires: string, nonce: string) =>
    createHmac('sha256', key).update(`${VERSION}\n${origin}\n${expires}\n${nonce}`).digest();

  const verify = (credential: string, origin: string | undefined): boolean => {
    if (!origin || credential.length > 256) return false;
    const [version, expires, nonce, tag, extra] = credential.split('.');
    if (version !== VERSION || !expires || !nonce || !tag || extra !== undefined) return false;
    const expiresAt = Number.parseInt(expires, 36);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= now()) return false;
    const given = Buffer.from(tag, 'base64url');
    const expected = mac(origin, expires, nonce);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    check(req) {
      if (tokenMatches(token, bearer(req, 'Bearer'))) return sameOriginOrNone(req) ? 'script' : undefined;
      const credential = bearer(req, SESSION_AUTH_SCHEME) ?? protocolSession(req);
      if (credential === undefined) return undefined;
      // Bound to the origin it was minted for: this server's, as the browser names it. A
      // browser always sends Origin on a WebSocket; when it does, it must be that origin too.
      const origin = consoleOrigin(req);
      if (!sameOriginOrNone(req)) return undefined;
      return verify(credential, origin) ? 'console' : undefined;
    },
    grant(req) {
      const origin = consoleOrigin(req);
      // Only a page of this very origin may ask (a browser's POST always carries Origin).
      if (!origin || req.headers.origin?.toLowerCase() !== origin) return undefined;
      const expiresAt = now() + SESSION_TTL_MS;
      const expires = expiresAt.toString(36);
      const nonce = randomBytes(12).toString('base64url');
      const tag = mac(origin, expires, nonce).toString('base64url');
      return { session: [VERSION, expires, nonce, tag].join('.'), expiresAt };
    },
  };
}
