// The sandboxed preload: exposes `window.camrelay`, one method per command plus the state
// subscription, and nothing else (never ipcRenderer itself). Only zod-free, data-only shared
// modules are imported, so the bundle stays small.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { CamrelayApi, CommandMethods } from '../shared/api';
import { COMMAND_NAMES } from '../shared/command-names';
import type { StateEvent } from '../shared/events';
import type { SaveSnapshotArgs, SaveSnapshotResult } from '../shared/media';

// Channel names, spelled out here so the preload does not import runtime code.
const COMMAND_CHANNEL = 'camrelay:cmd:';
const STATE = 'camrelay:state';
const SUBSCRIBE = 'camrelay:subscribe';
const RESYNC = 'camrelay:resync';
const MEDIA_OPEN = 'camrelay:media-open';
const MEDIA_PORT = 'camrelay:media-port';
const SAVE_SNAPSHOT = 'camrelay:save-snapshot';
/** MEDIA_PORT_MESSAGE in shared/media.ts. */
const MEDIA_PORT_MESSAGE = 'camrelayMediaPort';

const commands = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(COMMAND_CHANNEL + name, args)]),
) as unknown as CommandMethods;

const listeners = new Set<(event: StateEvent) => void>();
let subscribed = false;

ipcRenderer.on(STATE, (_e: IpcRendererEvent, event: StateEvent) => {
  for (const listener of listeners) listener(event);
});

// A media port arrives in this isolated world; window.postMessage hands it to the page (the
// documented way to reach the main world of a context-isolated page), where the live view
// passes it on to its worker.
type PostToPage = (message: unknown, targetOrigin: string, transfer: readonly unknown[]) => void;
ipcRenderer.on(MEDIA_PORT, (e: IpcRendererEvent, requestId: number) => {
  (globalThis as unknown as { postMessage: PostToPage }).postMessage(
    { [MEDIA_PORT_MESSAGE]: requestId },
    '*',
    e.ports,
  );
});

const api = {
  ...commands,
  subscribeState(listener: (event: StateEvent) => void) {
    listeners.add(listener);
    if (!subscribed) {
      subscribed = true;
      ipcRenderer.send(SUBSCRIBE); // main answers with a snapshot
    } else {
      ipcRenderer.send(RESYNC);
    }
    return () => {
      listeners.delete(listener);
    };
  },
  requestSnapshot() {
    ipcRenderer.send(RESYNC);
  },
  requestMediaPort(requestId: number) {
    ipcRenderer.send(MEDIA_OPEN, requestId);
  },
  saveSnapshot(args: SaveSnapshotArgs): Promise<SaveSnapshotResult> {
    return ipcRenderer.invoke(SAVE_SNAPSHOT, args);
  },
} satisfies CamrelayApi;

contextBridge.exposeInMainWorld('camrelay', api);
