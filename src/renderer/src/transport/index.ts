// Picks the transport once, at start: Electron's preload API when present, else the
// headless WebSocket. Nothing else in the renderer knows which one it has.
import type { CamrelayApi } from '../../../shared/api';
import { consoleSession } from './session';
import type { RendererApi } from './types';
import { createWebSocketApi } from './websocket';

declare global {
  interface Window {
    camrelay?: CamrelayApi;
  }
}

export function createRendererApi(): RendererApi {
  const preload = window.camrelay;
  if (preload) {
    const since = Date.now();
    return {
      api: preload,
      // IPC to our own main process cannot drop while the window lives.
      connection: { get: () => ({ state: 'connected', since }), subscribe: () => () => {} },
    };
  }
  return createWebSocketApi(consoleSession());
}

export type { ConnectionStatus, RendererApi } from './types';
