// Messages of the headless WebSocket bridge (text frames, JSON). Binary frames are kept for
// media. The same contract as the Electron IPC, over one socket.
import type { CommandResponse } from './errors';
import type { StateEvent } from './events';

export type ClientMessage = { type: 'call'; id: number; name: string; args: unknown } | { type: 'resync' };

export type ServerMessage =
  | StateEvent
  | { type: 'result'; id: number; response: CommandResponse<unknown> }
  | { type: 'heartbeat' };

/**
 * The host sends a heartbeat this often on every console socket, so a host that stopped
 * (frozen, suspended, its network gone) is noticed without waiting for TCP to give up.
 */
export const HEARTBEAT_MS = 500;
/** Silence longer than this means the host is lost: under the 2 s, over three beats. */
export const HOST_SILENT_MS = 1600;

export const WS_PATH = '/ws';
/** Largest client message accepted; commands are small. */
export const WS_MAX_CLIENT_MESSAGE = 1024 * 1024;

/**
 * The console's session: the long-lived access token (DATA_DIR/ui-token) is shown to the host
 * once, on the first visit with `?token=`, and traded at SESSION_PATH for a short-lived
 * credential bound to the console's origin. The page keeps that credential in sessionStorage
 * and presents it as `Authorization: Session <credential>` on HTTP and as a WebSocket
 * subprotocol `camrelay.session.<credential>` next to WS_PROTOCOL. No cookie is ever set:
 * cookies are not isolated by port, so another server on 127.0.0.1 would receive them.
 */
export const SESSION_PATH = '/session';
export const WS_PROTOCOL = 'camrelay.v1';
export const SESSION_PROTOCOL_PREFIX = 'camrelay.session.';
export const SESSION_AUTH_SCHEME = 'Session';

export interface SessionGrant {
  /** Opaque; presented as described above. */
  session: string;
  /** Wall-clock ms after which the host refuses it. */
  expiresAt: number;
}
