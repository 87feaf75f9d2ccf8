// The sandboxed preload: exposes `window.camrelay`, one method per command plus the state
// subscription, and nothing else (never ipcRenderer itself). Only zod-free, data-only shared
// modules are imported, so the bundle stays small.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { CamrelayApi, CommandMethods } from '../shared/api';
import { COMMAND_NAMES } from '../shared/command-names';
import type { StateEvent } from '../shared/events';

// Channel names, spelled out here so the preload does not import runtime code.
const COMMAND_CHANNEL = 'camrelay:cmd:';
const STATE = 'camrelay:state';
const SUBSCRIBE = 'camrelay:subscribe';
const RESYNC = 'camrelay:resync';

const commands = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(COMMAND_CHANNEL + name, args)]),
) as unknown as CommandMethods;

const listeners = new Set<(event: StateEvent) => void>();
let subscribed = false;

ipcRenderer.on(STATE, (_e: IpcRendererEvent, event: StateEvent) => {
  for (const listener of listeners) listener(event);
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
} satisfies CamrelayApi;

contextBridge.exposeInMainWorld('camrelay', api);
