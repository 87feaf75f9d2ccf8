// Messages of the headless WebSocket bridge (text frames, JSON). Binary frames are kept for
// media. The same contract as the Electron IPC, over one socket.
import type { CommandResponse } from './errors';
import type { StateEvent } from './events';

export type ClientMessage = { type: 'call'; id: number; name: string; args: unknown } | { type: 'resync' };

export type ServerMessage = StateEvent | { type: 'result'; id: number; response: CommandResponse<unknown> };

export const WS_PATH = '/ws';
/** Largest client message accepted; commands are small. */
export const WS_MAX_CLIENT_MESSAGE = 1024 * 1024;

/** Cookie that carries the access token after the first visit with ?token=. */
export function tokenCookieName(port: number): string {
  return `camrelay_token_${port}`;
}
