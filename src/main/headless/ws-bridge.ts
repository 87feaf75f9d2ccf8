// Bridges one WebSocket to the host: the state stream out, commands in. A slow browser is
// never allowed to queue unbounded patches: past a limit it stops receiving them and gets a
// fresh snapshot once its socket drains.
import type { RawData, WebSocket } from 'ws';
import type { StateEvent } from '../../shared/events';
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import type { Host } from '../host';

const HIGH_WATER = 8 * 1024 * 1024;
const DRAIN_CHECK_MS = 250;

// Every bridge serialises the same event objects: do it once.
const serialised = new WeakMap<StateEvent, string>();
function encodeEvent(event: StateEvent): string {
  let text = serialised.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    serialised.set(event, text);
  }
  return text;
}

export interface BridgeStats {
  droppedMessages: number;
}

export function bridgeSocket(ws: WebSocket, host: Host, stats: BridgeStats): void {
  let lagging = false;
  let drainTimer: NodeJS.Timeout | undefined;

  const sendSnapshot = () => ws.send(encodeEvent(host.snapshot()));

  const checkDrain = () => {
    drainTimer = undefined;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount < HIGH_WATER / 2) {
      lagging = false;
      sendSnapshot();
    } else {
      drainTimer = setTimeout(checkDrain, DRAIN_CHECK_MS);
    }
  };

  const unsubscribe = host.subscribe((event) => {
    if (ws.readyState !== ws.OPEN) return;
    if (lagging) return;
    if (ws.bufferedAmount > HIGH_WATER) {
      lagging = true;
      drainTimer = setTimeout(checkDrain, DRAIN_CHECK_MS);
      return;
    }
    ws.send(encodeEvent(event));
  });

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const message = isBinary ? undefined : parseClientMessage(data.toString());
    if (!message) {
      stats.droppedMessages += 1;
      return;
    }
    if (message.type === 'resync') {
      sendSnapshot();
      return;
    }
    void host.call(message.name, message.args).then((response) => {
      if (ws.readyState !== ws.OPEN) return;
      const reply: ServerMessage = { type: 'result', id: message.id, response };
      ws.send(JSON.stringify(reply));
    });
  });

  ws.on('close', () => {
    unsubscribe();
    if (drainTimer) clearTimeout(drainTimer);
  });
  ws.on('error', () => ws.terminate());
}

/** Any text -> a well-formed client message or undefined (a counted drop). */
export function parseClientMessage(text: string): ClientMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (m.type === 'resync') return { type: 'resync' };
  if (m.type === 'call' && Number.isSafeInteger(m.id) && typeof m.name === 'string') {
    return { type: 'call', id: m.id as number, name: m.name, args: m.args };
  }
  return undefined;
}
