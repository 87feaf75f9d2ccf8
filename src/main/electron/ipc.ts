// Wires the host's contract to ipcMain: one handler per command, the state subscription,
// and a sender check on every message (only a top-level frame of the app's own origin may talk
// to main: not an iframe, not a page navigated elsewhere).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IPC } from '../../shared/api';
import { COMMAND_NAMES } from '../../shared/command-names';
import type { SaveSnapshotResult } from '../../shared/media';
import type { Host } from '../host';
import { checkSnapshotArgs, connectPort, snapshotFileName } from '../live';
import type { AppOrigin } from './app-protocol';
import type { ShellElectron, ShellIpcEvent, ShellWebContents } from './electron-api';

export interface IpcOptions {
  electron: Pick<ShellElectron, 'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'MessageChannelMain'>;
  host: Host;
  origin: AppOrigin;
}

/** Registers every handler; returns the channel names registered. */
export function registerIpc({ electron, host, origin }: IpcOptions): string[] {
  const { app, BrowserWindow, dialog, ipcMain, MessageChannelMain } = electron;
  const trusted = (event: ShellIpcEvent) => origin.isAppFrame(event.senderFrame);
  const channels: string[] = [];
  for (const name of COMMAND_NAMES) {
    const channel = IPC.command(name);
    ipcMain.handle(channel, (event, args) => {
      if (!trusted(event)) {
        return { ok: false, error: { code: 'unavailable', message: 'refused: untrusted sender' } };
      }
      return host.call(name, args);
    });
    channels.push(channel);
  }

  // One subscription per WebContents. A second SUBSCRIBE from the same one is a reloaded (or
  // crashed and reloaded) page: it replaces the old subscription and gets a fresh snapshot.
  const subscriptions = new Map<ShellWebContents, () => void>();
  ipcMain.on(IPC.subscribe, (event) => {
    if (!trusted(event)) return;
    const wc = event.sender;
    const previous = subscriptions.get(wc);
    if (previous) previous();
    else {
      wc.once('destroyed', () => {
        subscriptions.get(wc)?.();
        subscriptions.delete(wc);
      });
    }
    const unsubscribe = host.subscribe((stateEvent) => {
      if (!wc.isDestroyed()) wc.send(IPC.state, stateEvent);
    });
    subscriptions.set(wc, unsubscribe);
  });
  ipcMain.on(IPC.resync, (event) => {
    if (!trusted(event)) return;
    if (!event.sender.isDestroyed()) event.sender.send(IPC.state, host.snapshot());
  });
  channels.push(IPC.subscribe, IPC.resync);

  // Live video: one MessagePort per view, straight to the live service (never the IPC queue
  // that carries state and commands). The port closes with the view or the window.
  ipcMain.on(IPC.mediaOpen, (event, requestId: unknown) => {
    if (!trusted(event) || !Number.isSafeInteger(requestId)) return;
    const { port1, port2 } = new MessageChannelMain();
    connectPort(host.live, port1);
    event.sender.postMessage(IPC.mediaPort, requestId, [port2]);
  });
  ipcMain.handle(IPC.saveSnapshot, async (event, args): Promise<SaveSnapshotResult> => {
    if (!trusted(event)) return { ok: false, message: 'refused: untrusted sender' };
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
