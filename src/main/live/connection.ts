// One media channel (a /media WebSocket or an Electron MessagePort) and the subscriptions
// made over it. Client messages are decoded here; a malformed one is counted and ignored,
// never thrown. Closing the channel ends every subscription on it.
import {
  type ClientMessage,
  decodeClientMessage,
  encodeServerMessage,
  isWireError,
  type StatusCode,
  type SubscribeMessage,
} from '../../shared/media';
import type { AudioSubscription } from './audio-subscription';
import type { FeedSubscriber } from './feed';
import type { MediaSink, Subscription } from './subscription';

/** A subscription of a channel: video (live or key frames) or sound. */
export type AnySubscription = Subscription | AudioSubscription;

/** A bidirectional binary channel as the live service sees it. */
export interface MediaPipe extends MediaSink {
  close(): void;
  /** The viewer's address (a WebSocket's peer), for the consumer list; absent: in-process. */
  readonly remote?: string;
}

/** What a connection needs from the service (kept narrow for tests). */
export interface ConnectionHost {
  wallNow(): number;
  attach(conn: MediaConnection, m: SubscribeMessage): AnySubscription | StatusCode;
  detach(sub: AnySubscription): void;
  forget(conn: MediaConnection): void;
}

export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 256;

export class MediaConnection {
  readonly #subs = new Map<number, AnySubscription>();
  #closed = false;
  /** Client messages that could not be decoded or referred to nothing. */
  badMessages = 0;

  constructor(
    readonly pipe: MediaPipe,
    private readonly host: ConnectionHost,
  ) {}

  get subscriptions(): ReadonlyMap<number, AnySubscription> {
    return this.#subs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Bytes from the client. Any bytes are acceptable input. */
  receive(bytes: Uint8Array): void {
    if (this.#closed) return;
    const m = decodeClientMessage(bytes);
    if (isWireError(m)) {
      this.badMessages += 1;
      return;
    }
    this.#handle(m);
  }

  #handle(m: ClientMessage): void {
    switch (m.type) {
      case 'subscribe':
        this.#subscribe(m);
        break;
      case 'unsubscribe': {
        const sub = this.#subs.get(m.sub);
        if (!sub) {
          this.badMessages += 1;
          return;
        }
        this.#subs.delete(m.sub);
        this.host.detach(sub);
        break;
      }
      case 'ack':
        for (const a of m.acks) this.#subs.get(a.sub)?.ack(a.seq);
        break;
      case 'ping':
        this.pipe.send(
          encodeServerMessage({
            type: 'pong',
            pingId: m.pingId,
            clientTime: m.clientTime,
            serverTime: this.host.wallNow(),
          }),
        );
        break;
      default: {
        const never: never = m;
        void never;
      }
    }
  }

  #subscribe(m: SubscribeMessage): void {
    const previous = this.#subs.get(m.sub);
    if (previous) {
      // Re-subscribing with the same id replaces the subscription (e.g. live -> key frames).
      this.#subs.delete(m.sub);
      this.host.detach(previous);
    } else if (this.#subs.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      this.status(m.sub, 'rejected', `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per channel`);
      return;
    }
    const result = this.host.attach(this, m);
    if (typeof result === 'string') {
      this.status(m.sub, result, result === 'not-found' ? `no camera ${m.cameraId}` : result);
      return;
    }
    this.#subs.set(m.sub, result);
  }

  /** A FeedSubscriber for one subscription of this connection. */
  subscriber(subscription: Subscription): FeedSubscriber {
    return {
      subscription,
      status: (code, message) => this.status(subscription.sub, code, message),
    };
  }

  status(sub: number, code: StatusCode, message: string): void {
    if (!this.#closed) this.pipe.send(encodeServerMessage({ type: 'status', sub, code, message }));
  }

  /** The channel closed (or the service is closing): end every subscription. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const sub of this.#subs.values()) this.host.detach(sub);
    this.#subs.clear();
    this.host.forget(this);
    this.pipe.close();
  }
}
