// Pins the IPC surface: every command of the contract has a main handler and a preload
// method, the preload exposes nothing else, and it never hands out ipcRenderer.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC, STATE_CHANNEL_METHODS } from '../src/shared/api';
import { COMMAND_NAMES } from '../src/shared/command-names';
import { COMMAND_SCHEMAS } from '../src/shared/commands';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; args: unknown }[] = [];
const sent: string[] = [];
const handled = new Map<string, (event: unknown, args: unknown) => unknown>();
const listened = new Map<string, (event: unknown) => void>();

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
}));

beforeEach(() => {
  invoked.length = 0;
  sent.length = 0;
});

describe('IPC surface', () => {
  it('the preload exposes exactly one method per command plus the state channel', async () => {
    await import('../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['camrelay']);
    const api = exposed.camrelay as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...COMMAND_NAMES, ...STATE_CHANNEL_METHODS].sort());
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
    expect(sent).toEqual([IPC.subscribe, IPC.resync]);
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
    };
    const channels = registerIpc({
      host: host as never,
      isAppUrl: (url) => url === 'file:///app/index.html',
    });
    expect([...handled.keys()].sort()).toEqual(COMMAND_NAMES.map((n) => IPC.command(n)).sort());
    expect([...listened.keys()].sort()).toEqual([IPC.resync, IPC.subscribe].sort());
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
  });
});
