// Wires the host's contract to ipcMain: one handler per command, the state subscription,
// and a sender check on every message (only our own window's top frame may talk to main).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  ipcMain,
  MessageChannelMain,
  type WebContents,
} from 'electron';
import { IPC } from '../../shared/api';
import { COMMAND_NAMES } from '../../shared/command-names';
import type { SaveSnapshotResult } from '../../shared/media';
import type { Host } from '../host';
import { checkSnapshotArgs, connectPort, snapshotFileName } from '../live';

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

  // Live video: one MessagePort per view, straight to the live service (never the IPC queue
  // that carries state and commands). The port closes with the view or the window.
  ipcMain.on(IPC.mediaOpen, (event, requestId: unknown) => {
    if (!trusted(event, isAppUrl) || !Number.isSafeInteger(requestId)) return;
    const { port1, port2 } = new MessageChannelMain();
    connectPort(host.live, port1);
    event.sender.postMessage(IPC.mediaPort, requestId, [port2]);
  });
  ipcMain.handle(IPC.saveSnapshot, async (event, args): Promise<SaveSnapshotResult> => {
    if (!trusted(event, isAppUrl)) return { ok: false, message: 'refused: untrusted sender' };
    const checked = checkSnapshotArgs(args);
    if (typeof checked === 'string') return { ok: false, message: checked };
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = {
      defaultPath: join(app.getPath('pictures'), snapshotFileName(checked.name, checked.mime)),
      filters: [
        checked.mime === 'image/png'
          ? { name: 'PNG', extensions: ['png'] }
          : { name: 'JPEG', extensions: ['jpg', 'jpeg'] },
      ],
    };
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { ok: true, saved: false };
    try {
      await writeFile(choice.filePath, checked.bytes);
    } catch (err) {
      return { ok: false, message: `could not write ${choice.filePath}: ${(err as Error).message}` };
    }
    return { ok: true, saved: true, path: choice.filePath };
  });
  channels.push(IPC.mediaOpen, IPC.saveSnapshot);
  return channels;
}
