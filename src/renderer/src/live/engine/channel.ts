// One media channel to main, seen from the engine: a /media WebSocket or an Electron
// MessagePort. Decodes server messages (a malformed one is counted, never thrown),
// batches acknowledgements (one message per ACK_MS for all subscriptions on the channel)
// and keeps main's clock offset fresh with pings.
import {
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  isWireError,
  type ServerMessage,
} from '../../../../shared/media';
import { ClockOffset } from './clock-offset';
import type { TransportSpec } from './protocol';

const ACK_MS = 100;
const PING_SCHEDULE_MS = [0, 250, 1000, 3000];
const PING_EVERY_MS = 10_000;

/** Wall-clock ms with sub-millisecond resolution (the same base in a worker and the page). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface ChannelEvents {
  message(m: ServerMessage): void;
  open(): void;
  /** The channel closed without `close()` being called. */
  lost(): void;
}

export class MediaChannel {
  readonly clock = new ClockOffset();
  badMessages = 0;
  #ws: WebSocket | undefined;
  #port: MessagePort | undefined;
  #open = false;
  #closed = false;
  readonly #acks = new Map<number, number>();
  #ackTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setTimeout> | undefined;
  #pingId = 0;
  #pingCount = 0;
  readonly #pingSent = new Map<number, number>();

  constructor(
    spec: TransportSpec,
    private readonly events: ChannelEvents,
  ) {
    if (spec.kind === 'websocket') {
      const ws = new WebSocket(spec.url, spec.protocols);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => this.#opened();
      ws.onmessage = (e) => this.#receive(e.data);
      ws.onclose = () => this.#lost();
      this.#ws = ws;
    } else {
      const port = spec.port;
      port.onmessage = (e) => this.#receive(e.data);
      // Electron's extension: 'close' when main's end goes away.
      port.addEventListener('close', () => this.#lost());
      port.start();
      this.#port = port;
      queueMicrotask(() => this.#opened());
    }
  }

  get isOpen(): boolean {
    return this.#open && !this.#closed;
  }

  send(m: ClientMessage): void {
    if (!this.isOpen) return;
    const bytes = encodeClientMessage(m);
    if (this.#ws) this.#ws.send(bytes);
    else this.#port?.postMessage(bytes.buffer, [bytes.buffer]);
  }

  /** Frames of `sub` up to `seq` were consumed (decoded or dropped here). Sent batched. */
  consumed(sub: number, seq: number): void {
    if ((this.#acks.get(sub) ?? -1) < seq) this.#acks.set(sub, seq);
    this.#ackTimer ??= setTimeout(() => this.flushAcks(), ACK_MS);
  }

  flushAcks(): void {
    if (this.#ackTimer) clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
    if (this.#acks.size === 0) return;
    const acks = [...this.#acks].map(([sub, seq]) => ({ sub, seq }));
    this.#acks.clear();
    for (let i = 0; i < acks.length; i += 255) this.send({ type: 'ack', acks: acks.slice(i, i + 255) });
  }

  /** Forgets pending acknowledgements of a subscription that ended. */
  forget(sub: number): void {
    this.#acks.delete(sub);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimers();
    if (this.#ws) {
      this.#ws.onclose = null;
      this.#ws.close();
    }
    this.#port?.close();
  }

  #opened(): void {
    if (this.#closed) return;
    this.#open = true;
    this.events.open();
    this.#schedulePing();
  }

  #lost(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimers();
    this.events.lost();
  }

  #stopTimers(): void {
    if (this.#ackTimer) clearTimeout(this.#ackTimer);
    if (this.#pingTimer) clearTimeout(this.#pingTimer);
    this.#ackTimer = undefined;
    this.#pingTimer = undefined;
  }

  #schedulePing(): void {
    const n = this.#pingCount;
    const delay =
      n < PING_SCHEDULE_MS.length ? PING_SCHEDULE_MS[n]! - (PING_SCHEDULE_MS[n - 1] ?? 0) : PING_EVERY_MS;
    this.#pingTimer = setTimeout(() => {
      this.#pingCount += 1;
      this.#pingId = (this.#pingId + 1) >>> 0;
      const t = wallNow();
      this.#pingSent.set(this.#pingId, t);
      if (this.#pingSent.size > 16) this.#pingSent.delete(this.#pingSent.keys().next().value!);
      this.send({ type: 'ping', pingId: this.#pingId, clientTime: t });
      this.#schedulePing();
    }, delay);
  }

  #receive(data: unknown): void {
    if (this.#closed || !(data instanceof ArrayBuffer)) {
      this.badMessages += 1;
      return;
    }
    const m = decodeServerMessage(new Uint8Array(data));
    if (isWireError(m)) {
      this.badMessages += 1;
      return;
    }
    if (m.type === 'pong') {
      const sent = this.#pingSent.get(m.pingId);
      this.#pingSent.delete(m.pingId);
      if (sent !== undefined && sent === m.clientTime) this.clock.add(sent, m.serverTime, wallNow());
      return;
    }
    this.events.message(m);
  }
}
