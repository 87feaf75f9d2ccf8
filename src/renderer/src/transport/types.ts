import type { CamrelayApi } from '../../../shared/api';

export type ConnectionStatus =
  | { state: 'connecting'; since: number }
  | { state: 'connected'; since: number }
  | { state: 'reconnecting'; since: number; retryAt: number };

export type ConnectionListener = (status: ConnectionStatus) => void;

/** What the app gets at start: the contract, and the health of the link carrying it. */
export interface RendererApi {
  api: CamrelayApi;
  connection: {
    get(): ConnectionStatus;
    subscribe(listener: ConnectionListener): () => void;
  };
}
