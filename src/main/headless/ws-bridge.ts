// Bridges one WebSocket to the host: the state stream out, commands in. Every send goes
// through one bound, so a browser that does not read can never make the host hold more than
// about HIGH_WATER plus one message for it:
//   - patches: past HIGH_WATER it stops receiving them and gets one fresh snapshot once its
//     socket drains below half of it;
//   - snapshots (the first one, resync, after lagging): at most one is wanted at a time, so
//     any number of resyncs while one is pending or buffered coalesce into it;
//   - command results must arrive: a client past HARD_LIMIT, or with more than
//     MAX_CALLS_IN_FLIGHT unanswered commands, is closed instead (it reconnects and resyncs);
//   - heartbeats (tiny, every HEARTBEAT_MS) go out only while less than HEARTBEAT_ROOM is
//     waiting: a socket with more queued is already receiving, or is not reading at all.
import type { RawData, WebSocket } from 'ws';
import type { StateEvent } from '../../shared/events';
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import type { Host } from '../host';
import { joinHeartbeat } from './heartbeat';

export const HIGH_WATER = 8 * 1024 * 1024;
export const HARD_LIMIT = 2 * HIGH_WATER;
export const MAX_CALLS_IN_FLIGHT = 64;
export const HEARTBEAT_ROOM = 64 * 1024;
const HEARTBEAT_TEXT = JSON.stringify({ type: 'heartbeat' } satisfies ServerMessage);
const DRAIN_CHECK_MS = 250;
/** 1013 "Try Again Later": the client reconnects and gets a snapshot. */
const CLOSE_TOO_SLOW = 1013;

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
  /** Snapshots sent after the first one (resync, or after lagging). */
  snapshotsSent: number;
  /** resync requests answered by a snapshot that was already wanted. */
  coalescedSnapshots: number;
  /** Sockets closed because they did not read their command results. */
  closedSlowClients: number;
  /** The most bytes ever waiting in one socket's send buffer (the bound above, measured). */
  peakBufferedBytes: number;
}

export function bridgeSocket(ws: WebSocket, host: Host, stats: BridgeStats): void {
  // Patches are held back (lagging) until one snapshot replaces them all.
  let lagging = false;
  // The subscription's first event is the initial snapshot.
  let snapshotWanted = false;
  let callsInFlight = 0;
  let drainTimer: NodeJS.Timeout | undefined;
  const open = () => ws.readyState === ws.OPEN;
  const send = (text: string) => {
    ws.send(text);
    if (ws.bufferedAmount > stats.peakBufferedBytes) stats.peakBufferedBytes = ws.bufferedAmount;
  };

  let closing = false;
  const closeTooSlow = () => {
    if (closing) return;
    closing = true;
    stats.closedSlowClients += 1;
    ws.close(CLOSE_TOO_SLOW, 'not reading');
    // A peer that does not read will not read the close frame either.
    setTimeout(() => ws.terminate(), 1000).unref();
  };

  const scheduleDrainCheck = () => {
    drainTimer ??= setTimeout(pump, DRAIN_CHECK_MS);
  };

  /** Sends the wanted snapshot when the socket has room, else checks again later. */
  function pump(): void {
    drainTimer = undefined;
    if (!open() || !snapshotWanted) return;
    if (ws.bufferedAmount >= HIGH_WATER / 2) {
      scheduleDrainCheck();
      return;
    }
    // Taken first: the flush inside snapshot() emits a patch this snapshot already holds.
    const snapshot = host.snapshot();
    snapshotWanted = false;
    lagging = false;
    stats.snapshotsSent += 1;
    send(encodeEvent(snapshot));
  }

  const wantSnapshot = () => {
    if (snapshotWanted) stats.coalescedSnapshots += 1;
    snapshotWanted = true;
    pump();
  };

  const unsubscribe = host.subscribe((event) => {
    if (!open() || lagging) return;
    // Until the pending snapshot goes out, patches would apply to a state the page lacks.
    if (snapshotWanted) return;
    if (ws.bufferedAmount > HIGH_WATER) {
      lagging = true;
      snapshotWanted = true;
      scheduleDrainCheck();
      return;
    }
    send(encodeEvent(event));
  });

  const leaveHeartbeat = joinHeartbeat(() => {
    if (open() && !closing && ws.bufferedAmount < HEARTBEAT_ROOM) ws.send(HEARTBEAT_TEXT);
  });

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (closing) return;
    const message = isBinary ? undefined : parseClientMessage(data.toString());
    if (!message) {
      stats.droppedMessages += 1;
      return;
    }
    if (message.type === 'resync') {
      wantSnapshot();
      return;
    }
    if (callsInFlight >= MAX_CALLS_IN_FLIGHT) return closeTooSlow();
    callsInFlight += 1;
    void host.call(message.name, message.args).then((response) => {
      callsInFlight -= 1;
      if (!open()) return;
      if (ws.bufferedAmount > HARD_LIMIT) return closeTooSlow();
      const reply: ServerMessage = { type: 'result', id: message.id, response };
      send(JSON.stringify(reply));
    });
  });

  ws.on('close', () => {
    unsubscribe();
    leaveHeartbeat();
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
