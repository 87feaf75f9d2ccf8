// Pins the IPC surface: every command of the contract has a main handler and a preload
// method, the preload exposes nothing else, and it never hands out ipcRenderer.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC, STATE_CHANNEL_METHODS } from '../src/shared/api';
import { COMMAND_NAMES } from '../src/shared/command-names';
import { COMMAND_SCHEMAS } from '../src/shared/commands';
import { MEDIA_PORT_METHODS } from '../src/shared/media';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; args: unknown }[] = [];
const sent: string[] = [];
const handled = new Map<string, (event: unknown, args: unknown) => unknown>();
const listened = new Map<string, (event: unknown, ...args: unknown[]) => void>();
const saveDialog = { filePath: '' as string | undefined };
class FakePortMain {
  started = false;
  on() {
    return this;
  }
  start() {
    this.started = true;
  }
  postMessage() {}
  close() {}
}
const channelsMade: { port1: FakePortMain; port2: FakePortMain }[] = [];

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      invoked.push({ channel, args });
      return Promise.resolve({ ok: true, result: null });
    },
    send: (channel: string) => sent.push(channel),
    on: () => undefined,
  },
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, args: unknown) => unknown) => handled.set(channel, fn),
    on: (channel: string, fn: (event: unknown) => void) => listened.set(channel, fn),
  },
  MessageChannelMain: class {
    port1 = new FakePortMain();
    port2 = new FakePortMain();
    constructor() {
      channelsMade.push(this);
    }
  },
  app: { getPath: () => tmpdir() },
  BrowserWindow: { fromWebContents: () => null },
  dialog: {
    showSaveDialog: async () =>
      saveDialog.filePath ? { canceled: false, filePath: saveDialog.filePath } : { canceled: true },
  },
}));

beforeEach(() => {
  invoked.length = 0;
  sent.length = 0;
});

describe('IPC surface', () => {
  it('the preload exposes exactly one method per command plus the state channel and media methods', async () => {
    await import('../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['camrelay']);
    const api = exposed.camrelay as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(
      [...COMMAND_NAMES, ...STATE_CHANNEL_METHODS, ...MEDIA_PORT_METHODS].sort(),
    );
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toContain('ipcRenderer');

    for (const name of COMMAND_NAMES) {
      await (api[name] as (a: unknown) => Promise<unknown>)({ probe: name });
    }
    expect(invoked).toEqual(
      COMMAND_NAMES.map((name) => ({ channel: IPC.command(name), args: { probe: name } })),
    );

    (api.subscribeState as (l: () => void) => void)(() => {});
    (api.requestSnapshot as () => void)();
    (api.requestMediaPort as (id: number) => void)(7);
    expect(sent).toEqual([IPC.subscribe, IPC.resync, IPC.mediaOpen]);
    invoked.length = 0;
    const shot = { name: 'x', mime: 'image/png', bytes: new Uint8Array(1) };
    await (api.saveSnapshot as (a: unknown) => Promise<unknown>)(shot);
    expect(invoked).toEqual([{ channel: IPC.saveSnapshot, args: shot }]);
  });

  it('main registers a handler for every command and nothing else', async () => {
    const { registerIpc } = await import('../src/main/electron/ipc');
    const calls: [unknown, unknown][] = [];
    const host = {
      call: async (name: unknown, args: unknown) => {
        calls.push([name, args]);
        return { ok: true, result: 'done' };
      },
      subscribe: () => () => {},
      snapshot: () => ({ type: 'snapshot', seq: 0, state: {} }),
      live: { connect: () => ({ receive() {}, close() {}, badMessages: 0 }) },
    };
    const channels = registerIpc({
      host: host as never,
      isAppUrl: (url) => url === 'file:///app/index.html',
    });
    expect([...handled.keys()].sort()).toEqual(
      [...COMMAND_NAMES.map((n) => IPC.command(n)), IPC.saveSnapshot].sort(),
    );
    expect([...listened.keys()].sort()).toEqual([IPC.resync, IPC.subscribe, IPC.mediaOpen].sort());
    expect(channels.sort()).toEqual([...handled.keys(), ...listened.keys()].sort());
    expect(Object.keys(COMMAND_SCHEMAS).sort()).toEqual([...COMMAND_NAMES].sort());

    // The sender check: only the app's own top frame gets through.
    const mainFrame = { url: 'file:///app/index.html' };
    const ok = { sender: { mainFrame }, senderFrame: mainFrame };
    const subframe = { sender: { mainFrame }, senderFrame: { url: 'file:///app/index.html' } };
    const foreign = { sender: { mainFrame: { url: 'https://evil.example/' } }, senderFrame: undefined };
    const handler = handled.get(IPC.command('updateSettings'))!;
    expect(await handler(ok, { theme: 'dark' })).toEqual({ ok: true, result: 'done' });
    expect(await handler(subframe, { theme: 'dark' })).toMatchObject({ ok: false });
    expect(await handler(foreign, { theme: 'dark' })).toMatchObject({ ok: false });
    expect(calls).toEqual([['updateSettings', { theme: 'dark' }]]);

    // A media port goes only to the app's own frame, with the request id.
    const posted: unknown[][] = [];
    const sender = { mainFrame, postMessage: (...a: unknown[]) => posted.push(a) };
    const openMedia = listened.get(IPC.mediaOpen)!;
    openMedia({ sender, senderFrame: { url: 'file:///app/index.html' } }, 1);
    openMedia({ sender, senderFrame: mainFrame }, 'not a number');
    expect(channelsMade).toHaveLength(0);
    openMedia({ sender, senderFrame: mainFrame }, 5);
    expect(channelsMade).toHaveLength(1);
    expect(channelsMade[0]!.port1.started).toBe(true);
    expect(posted).toEqual([[IPC.mediaPort, 5, [channelsMade[0]!.port2]]]);

    // Save snapshot: checked in main, written where the dialog says.
    const save = handled.get(IPC.saveSnapshot)!;
    const dir = await mkdtemp(join(tmpdir(), 'camrelay-ipc-'));
    try {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const okEvent = { sender: { mainFrame }, senderFrame: mainFrame };
      expect(await save(foreign, { name: 'a', mime: 'image/png', bytes: png })).toMatchObject({ ok: false });
      expect(await save(okEvent, { name: 'a', mime: 'image/jpeg', bytes: png })).toMatchObject({ ok: false });
      saveDialog.filePath = undefined;
      expect(await save(okEvent, { name: 'a', mime: 'image/png', bytes: png })).toEqual({
        ok: true,
        saved: false,
      });
      saveDialog.filePath = join(dir, 'gate.png');
      expect(await save(okEvent, { name: 'a', mime: 'image/png', bytes: png })).toEqual({
        ok: true,
        saved: true,
        path: saveDialog.filePath,
      });
      expect(new Uint8Array(await readFile(saveDialog.filePath))).toEqual(png);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
