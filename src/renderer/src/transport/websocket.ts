// The browser transport: the host's contract over the headless WebSocket, authenticated by
// this tab's console session (session.ts). Reconnects with back-off; after a reconnect the
// server sends a fresh snapshot, so the store resyncs. A socket that cannot open is followed
// by a session check, so a refused session shows as 'unauthorized', not as a host that is down.
// The host beats every HEARTBEAT_MS: past HOST_SILENT_MS of silence the link is 'silent' (the
// console greys its figures); past GIVE_UP_SILENT_MS the socket is dropped and retried.
import type { CamrelayApi, CommandMethods } from '../../../shared/api';
import { COMMAND_NAMES } from '../../../shared/command-names';
import type { CommandResponse } from '../../../shared/errors';
import type { StateEvent } from '../../../shared/events';
import { type ClientMessage, type ServerMessage, WS_PATH } from '../../../shared/wire';
import { SilenceWatch } from './host-link';
import type { ConsoleSession } from './session';
import type { ConnectionListener, ConnectionStatus, RendererApi } from './types';

const CALL_TIMEOUT_MS = 60_000;
const SILENCE_CHECK_MS = 250;

export function createWebSocketApi(
  session: ConsoleSession,
  location: Location = window.location,
): RendererApi {
  const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}`;
  const stateListeners = new Set<(e: StateEvent) => void>();
  const connectionListeners = new Set<ConnectionListener>();
  const pending = new Map<number, { resolve: (r: CommandResponse<unknown>) => void; timer: number }>();
  let status: ConnectionStatus = { state: 'connecting', since: Date.now() };
  let socket: WebSocket | undefined;
  let nextId = 1;
  let attempt = 0;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const l of connectionListeners) l(status);
  };

  const settle = (id: number, response: CommandResponse<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(response);
  };

  const unauthorized = () => setStatus({ state: 'unauthorized', since: Date.now() });

  /** When the host was lost: kept while retries fail, cleared by a working link. */
  const lostAt = () =>
    status.state === 'reconnecting'
      ? status.lostAt
      : status.state === 'silent'
        ? status.since
        : status.state === 'connecting'
          ? status.lostAt
          : undefined;

  const connect = () => {
    const ws = new WebSocket(wsUrl, session.protocols());
    socket = ws;
    let opened = false;
    const watch = new SilenceWatch(Date.now);
    let watchTimer: number | undefined;
    const checkSilence = () => {
      const verdict = watch.check();
      if (verdict === 'give-up') {
        ws.close();
        lost();
      } else if (verdict === 'silent' && status.state === 'connected') {
        setStatus({ state: 'silent', since: watch.lastHeardAt });
      }
    };
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      watch.heard();
      watchTimer = window.setInterval(checkSilence, SILENCE_CHECK_MS);
      setStatus({ state: 'connected', since: Date.now() });
    };
    ws.onmessage = (ev) => {
      if (socket !== ws) return;
      watch.heard();
      if (status.state === 'silent') setStatus({ state: 'connected', since: Date.now() });
      if (typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'result') settle(msg.id, msg.response);
      else if (msg.type !== 'heartbeat') for (const l of stateListeners) l(msg);
    };
    const lost = () => {
      if (socket !== ws) return;
      socket = undefined;
      window.clearInterval(watchTimer);
      for (const id of [...pending.keys()]) {
        settle(id, { ok: false, error: { code: 'unavailable', message: 'connection to camrelay lost' } });
      }
      attempt += 1;
      const delay = Math.min(5000, 250 * 2 ** Math.min(attempt, 5));
      setStatus({
        state: 'reconnecting',
        since: Date.now(),
        retryAt: Date.now() + delay,
        lostAt: lostAt() ?? Date.now(),
      });
      const retry = () => setTimeout(connect, delay);
      if (opened) retry();
      else
        void session.check().then((state) => {
          if (state === 'unauthorized') unauthorized();
          else retry();
        });
    };
    ws.onclose = lost;
  };

  const send = (msg: ClientMessage): boolean => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(msg));
    return true;
  };

  const call = (name: string, args: unknown): Promise<CommandResponse<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const timer = window.setTimeout(
        () => settle(id, { ok: false, error: { code: 'unavailable', message: `${name} timed out` } }),
        CALL_TIMEOUT_MS,
      );
      pending.set(id, { resolve, timer });
      if (!send({ type: 'call', id, name, args })) {
        settle(id, { ok: false, error: { code: 'unavailable', message: 'not connected to camrelay' } });
      }
    });

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (args: unknown) => call(name, args)]),
  ) as unknown as CommandMethods;

  void session.start().then((state) => {
    if (state === 'unauthorized') unauthorized();
    else connect();
  });

  const api: CamrelayApi = {
    ...commands,
    subscribeState(listener) {
      stateListeners.add(listener);
      // The server pushes a snapshot on every (re)connect; a late subscriber asks for one.
      if (socket?.readyState === WebSocket.OPEN) send({ type: 'resync' });
      return () => stateListeners.delete(listener);
    },
    requestSnapshot() {
      send({ type: 'resync' });
    },
  };
  return {
    api,
    connection: {
      get: () => status,
      subscribe(listener) {
        connectionListeners.add(listener);
        return () => connectionListeners.delete(listener);
      },
    },
  };
}
