import type { CamrelayApi } from '../../../shared/api';

export type ConnectionStatus =
  | { state: 'connecting'; since: number; lostAt?: number }
  | { state: 'connected'; since: number }
  // The socket is open but the host has sent nothing, not even a heartbeat, for a while.
  | { state: 'silent'; since: number }
  // `lostAt`: when the host was lost, kept across retries (since is the latest retry).
  | { state: 'reconnecting'; since: number; retryAt: number; lostAt: number }
  // No valid token or session: the page must be opened with the token URL again.
  | { state: 'unauthorized'; since: number };

export type ConnectionListener = (status: ConnectionStatus) => void;

/** What the app gets at start: the contract, and the health of the link carrying it. */
export interface RendererApi {
  api: CamrelayApi;
  connection: {
    get(): ConnectionStatus;
    subscribe(listener: ConnectionListener): () => void;
  };
}
