// Pins the IPC surface: every command of the contract has a main handler and a preload
// method, the preload exposes nothing else, and it never hands out ipcRenderer. Main runs
// against the typed Electron fake (src/main/electron/testing), the preload against a mock.
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
    const { AppOrigin } = await import('../src/main/electron/app-protocol');
    const { createFakeElectron } = await import('../src/main/electron/testing/fake-electron');
    const fake = createFakeElectron();
    fake.app.setPath('pictures', tmpdir());
    let saveAnswer: { canceled: boolean; filePath: string } = { canceled: true, filePath: '' };
    fake.electron.dialog.showSaveDialog = async () => saveAnswer;
    const calls: [unknown, unknown][] = [];
    const portsConnected: unknown[] = [];
    const host = {
      call: async (name: unknown, args: unknown) => {
        calls.push([name, args]);
        return { ok: true, result: 'done' };
      },
      subscribe: () => () => {},
      snapshot: () => ({ type: 'snapshot', seq: 0, state: {} }),
      live: {
        connect: (c: unknown) => {
          portsConnected.push(c);
          return { receive() {}, close() {}, badMessages: 0 };
        },
      },
    };
    const channels = registerIpc({
      electron: fake.electron,
      host: host as never,
      origin: new AppOrigin('camrelay://app/index.html'),
    });
    expect(channels.sort()).toEqual(
      [
        ...COMMAND_NAMES.map((n) => IPC.command(n)),
        IPC.saveSnapshot,
        IPC.resync,
        IPC.subscribe,
        IPC.mediaOpen,
      ].sort(),
    );
    expect(fake.channels().sort()).toEqual(channels);
    expect(Object.keys(COMMAND_SCHEMAS).sort()).toEqual([...COMMAND_NAMES].sort());

    // The sender check: only a top-level frame of the app's origin gets through.
    const win = new fake.electron.BrowserWindow({});
    win.webContents.navigate('camrelay://app/index.html');
    const wc = win.webContents;
    const ok = fake.ipcEvent(wc);
    const subframe = fake.ipcEvent(wc, {
      url: 'camrelay://app/index.html',
      origin: 'camrelay://app',
      parent: wc.mainFrame,
    });
    const foreign = fake.ipcEvent(wc, {
      url: 'https://evil.example/',
      origin: 'https://evil.example',
      parent: null,
    });
    const command = IPC.command('updateSettings');
    expect(await fake.invoke(command, ok, { startHidden: true })).toEqual({ ok: true, result: 'done' });
    expect(await fake.invoke(command, subframe, { startHidden: true })).toMatchObject({ ok: false });
    expect(await fake.invoke(command, foreign, { startHidden: true })).toMatchObject({ ok: false });
    expect(calls).toEqual([['updateSettings', { startHidden: true }]]);

    // A media port goes only to the app's own frame, with the request id.
    fake.send(IPC.mediaOpen, subframe, 1);
    fake.send(IPC.mediaOpen, ok, 'not a number');
    expect(wc.posted).toHaveLength(0);
    fake.send(IPC.mediaOpen, ok, 5);
    expect(portsConnected).toHaveLength(1);
    expect(wc.posted).toHaveLength(1);
    expect(wc.posted[0]).toMatchObject({ channel: IPC.mediaPort, message: 5 });
    expect(wc.posted[0]!.transfer).toHaveLength(1);

    // Save snapshot: checked in main, written where the dialog says.
    const dir = await mkdtemp(join(tmpdir(), 'camrelay-ipc-'));
    try {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const save = (event: typeof ok, args: unknown) => fake.invoke(IPC.saveSnapshot, event, args);
      expect(await save(foreign, { name: 'a', mime: 'image/png', bytes: png })).toMatchObject({ ok: false });
      expect(await save(ok, { name: 'a', mime: 'image/jpeg', bytes: png })).toMatchObject({ ok: false });
      expect(await save(ok, { name: 'a', mime: 'image/png', bytes: png })).toEqual({
        ok: true,
        saved: false,
      });
      saveAnswer = { canceled: false, filePath: join(dir, 'gate.png') };
      expect(await save(ok, { name: 'a', mime: 'image/png', bytes: png })).toEqual({
        ok: true,
        saved: true,
        path: saveAnswer.filePath,
      });
      expect(new Uint8Array(await readFile(saveAnswer.filePath))).toEqual(png);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
