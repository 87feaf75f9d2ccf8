// Media channels shared by the engine's views. A WebSocket (headless) carries every view and
// thumbnail of the page, each under its own subscription id: main then writes the frames of
// many cameras in one syscall, and one ack message covers them all. An Electron
// MessagePort serves one view only (a port per view, as main hands them out).
import type { ServerMessage } from '../../../../shared/media';
import { MediaChannel } from './channel';
import type { TransportSpec } from './protocol';

/** A view's end of a channel. */
export interface SubHandler {
  open(): void;
  message(m: Exclude<ServerMessage, { type: 'pong' }>): void;
  /** The channel closed under the view (main went away). */
  lost(): void;
}

export interface Lease {
  readonly sub: number;
  readonly channel: MediaChannel;
  /** Ends the subscription (and the channel, once nobody uses it). */
  close(): void;
}

interface Shared {
  channel: MediaChannel;
  handlers: Map<number, SubHandler>;
  nextSub: number;
  key: string | undefined;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
}

/** An idle shared channel stays open this long (moving between pages reuses it). */
const IDLE_CLOSE_MS = 3000;

export class ChannelPool {
  readonly #shared = new Map<string, Shared>();

  open(spec: TransportSpec, handler: SubHandler): Lease {
    const key = spec.kind === 'websocket' ? spec.url : undefined;
    let shared = key ? this.#shared.get(key) : undefined;
    if (!shared) {
      shared = this.#create(spec, key);
      if (key) this.#shared.set(key, shared);
    } else if (spec.kind === 'port') {
      spec.port.close();
    }
    const s = shared;
    if (s.closeTimer) {
      clearTimeout(s.closeTimer);
      s.closeTimer = undefined;
    }
    let sub = s.nextSub;
    while (s.handlers.has(sub)) sub = (sub % 0xffff) + 1;
    s.nextSub = (sub % 0xffff) + 1;
    s.handlers.set(sub, handler);
    if (s.channel.isOpen) queueMicrotask(() => s.handlers.get(sub) === handler && handler.open());
    let closed = false;
    return {
      sub,
      channel: s.channel,
      close: () => {
        if (closed) return;
        closed = true;
        if (s.handlers.get(sub) !== handler) return;
        s.handlers.delete(sub);
        s.channel.forget(sub);
        s.channel.send({ type: 'unsubscribe', sub });
        if (s.handlers.size === 0) {
          if (s.key === undefined) this.#end(s);
          else s.closeTimer = setTimeout(() => this.#end(s), IDLE_CLOSE_MS);
        }
      },
    };
  }

  #create(spec: TransportSpec, key: string | undefined): Shared {
    const shared: Shared = {
      handlers: new Map(),
      nextSub: 1,
      key,
      closeTimer: undefined,
      channel: undefined as unknown as MediaChannel,
    };
    shared.channel = new MediaChannel(spec, {
      open: () => {
        for (const h of [...shared.handlers.values()]) h.open();
      },
      message: (m) => {
        if (m.type !== 'pong') shared.handlers.get(m.sub)?.message(m);
      },
      lost: () => {
        if (key && this.#shared.get(key) === shared) this.#shared.delete(key);
        const handlers = [...shared.handlers.values()];
        shared.handlers.clear();
        for (const h of handlers) h.lost();
      },
    });
    return shared;
  }

  #end(s: Shared): void {
    if (s.handlers.size > 0) return;
    if (s.key && this.#shared.get(s.key) === s) this.#shared.delete(s.key);
    s.channel.close();
  }
}
