// Wires the host's contract to ipcMain: one handler per command, the state subscription,
// and a sender check on every message (only our own window's top frame may talk to main).
import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { IPC } from '../../shared/api';
import { COMMAND_NAMES } from '../../shared/command-names';
import type { Host } from '../host';

export interface IpcOptions {
  host: Host;
  /** True when the URL is the app's own renderer (file:// build or the dev server). */
  isAppUrl(url: string): boolean;
}

function trusted(event: IpcMainInvokeEvent | IpcMainEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/** Registers every handler; returns the channel names registered (pinned by a unit test). */
export function registerIpc({ host, isAppUrl }: IpcOptions): string[] {
  const channels: string[] = [];
  for (const name of COMMAND_NAMES) {
    const channel = IPC.command(name);
    ipcMain.handle(channel, (event, args) => {
      if (!trusted(event, isAppUrl)) {
        return { ok: false, error: { code: 'unavailable', message: 'refused: untrusted sender' } };
      }
      return host.call(name, args);
    });
    channels.push(channel);
  }

  const subscriptions = new Map<WebContents, () => void>();
  ipcMain.on(IPC.subscribe, (event) => {
    if (!trusted(event, isAppUrl) || subscriptions.has(event.sender)) return;
    const wc = event.sender;
    const unsubscribe = host.subscribe((stateEvent) => {
      if (!wc.isDestroyed()) wc.send(IPC.state, stateEvent);
    });
    subscriptions.set(wc, unsubscribe);
    wc.once('destroyed', () => {
      subscriptions.get(wc)?.();
      subscriptions.delete(wc);
    });
  });
  ipcMain.on(IPC.resync, (event) => {
    if (!trusted(event, isAppUrl)) return;
    if (!event.sender.isDestroyed()) event.sender.send(IPC.state, host.snapshot());
  });
  channels.push(IPC.subscribe, IPC.resync);
  return channels;
}
