// Keeps TCP/TLS clients from holding the server's connections and memory without doing TURN
// (slowloris, half-open TLS): a cap on connections per source IP, and deadlines that no byte can
// push back — the TLS handshake from connect, a whole frame from its first byte, an allocation
// from connect — plus a bound on the bytes held in partial frames, per connection before it has
// an allocation and in all. No timer per connection: the server's coarse tick calls `sweep`, and
// each deadline queue is a Set in deadline order (entries are added when their clock starts),
// so a sweep looks only at what is due. No node:net here: sockets are anything with destroy().
import type { Conn } from '../core/types';

export interface StreamLimits {
  /** Open TCP/TLS connections per client IP. */
  maxConnectionsPerSource: number;
  /** TLS: the handshake must be done this long after connecting, ms. */
  handshakeTimeoutMs: number;
  /** A frame must be whole this long after its first byte, ms. */
  frameTimeoutMs: number;
  /** A connection must hold an allocation this long after connecting, ms. */
  allocateTimeoutMs: number;
  /** Largest frame accepted before the connection has an allocation, bytes. */
  maxFrameBeforeAllocation: number;
  /** Bytes held in partial frames over all connections. */
  maxPendingBytes: number;
}

export const STREAM_CLOSE_REASONS = [
  'per-source-limit',
  'handshake-timeout',
  'tls-error',
  'frame-timeout',
  'allocate-timeout',
  'frame-too-large',
  'pending-bytes',
] as const;
export type StreamCloseReason = (typeof STREAM_CLOSE_REASONS)[number];
export type StreamCloseCounts = Record<StreamCloseReason, number>;

export function newStreamCloseCounts(): StreamCloseCounts {
  return Object.fromEntries(STREAM_CLOSE_REASONS.map((r) => [r, 0])) as StreamCloseCounts;
}

/** One client connection as the guard sees it. */
export interface GuardedStream {
  readonly source: string;
  readonly openedAt: number;
  /** What `destroy()` is called on (the TLS socket once the handshake is done). */
  socket: { destroy(): void };
  /** Set once the TURN side knows the connection (after the TLS handshake). */
  conn: Conn | undefined;
  frameStartedAt: number;
  /** Bytes this connection holds in a partial frame (counted in the total). */
  held: number;
  released: boolean;
}

export class StreamGuard {
  private readonly perSource = new Map<string, number>();
  private readonly handshaking = new Set<GuardedStream>();
  private readonly unallocated = new Set<GuardedStream>();
  private readonly framing = new Set<GuardedStream>();
  /** Bytes held in partial frames, all connections. */
  pendingBytes = 0;

  constructor(
    readonly limits: StreamLimits,
    private readonly now: () => number,
    /** Connections closed by the guard, by reason (owned by the caller; survives restarts). */
    readonly closed: StreamCloseCounts = newStreamCloseCounts(),
  ) {}

  /** A new connection from `source`; undefined when that source is at its cap (destroy it). */
  admit(source: string, socket: { destroy(): void }, tls: boolean): GuardedStream | undefined {
    const n = this.perSource.get(source) ?? 0;
    if (n >= this.limits.maxConnectionsPerSource) {
      this.closed['per-source-limit']++;
      return undefined;
    }
    this.perSource.set(source, n + 1);
    const g: GuardedStream = {
      source,
      openedAt: this.now(),
      socket,
      conn: undefined,
      frameStartedAt: 0,
      held: 0,
      released: false,
    };
    if (tls) this.handshaking.add(g);
    this.unallocated.add(g);
    return g;
  }

  /** The TLS handshake is done: `socket` is the TLS socket from now on. */
  handshaken(g: GuardedStream, socket: { destroy(): void }): void {
    this.handshaking.delete(g);
    g.socket = socket;
  }

  /** Largest frame this connection may send now. */
  maxFrame(g: GuardedStream, unlimited: number): number {
    return g.conn?.allocation !== undefined || !this.unallocated.has(g)
      ? unlimited
      : this.limits.maxFrameBeforeAllocation;
  }

  /**
   * After a chunk was framed: `held` bytes are kept for a partial frame and `completed` frames
   * have come out of it. False: the total bound is exceeded, close this connection.
   */
  framed(g: GuardedStream, held: number, completed: boolean): boolean {
    this.pendingBytes += held - g.held;
    g.held = held;
    if (held === 0) {
      g.frameStartedAt = 0;
      this.framing.delete(g);
    } else if (g.frameStartedAt === 0 || completed) {
      g.frameStartedAt = this.now();
      this.framing.delete(g); // re-added at the end: the set stays in deadline order
      this.framing.add(g);
    }
    if (this.pendingBytes > this.limits.maxPendingBytes && held > 0) {
      this.closed['pending-bytes']++;
      return false;
    }
    if (g.conn?.allocation !== undefined) this.unallocated.delete(g);
    return true;
  }

  /** Counts a close the listener decided (TLS error, oversized frame). */
  count(reason: StreamCloseReason): void {
    this.closed[reason]++;
  }

  /** The connection is gone: frees its slot and its bytes. Idempotent. */
  release(g: GuardedStream): void {
    if (g.released) return;
    g.released = true;
    this.pendingBytes -= g.held;
    g.held = 0;
    this.handshaking.delete(g);
    this.unallocated.delete(g);
    this.framing.delete(g);
    const n = (this.perSource.get(g.source) ?? 1) - 1;
    if (n <= 0) this.perSource.delete(g.source);
    else this.perSource.set(g.source, n);
  }

  /** Closes every connection past a deadline. Call on the coarse tick. */
  sweep(): void {
    const now = this.now();
    const l = this.limits;
    this.expire(this.handshaking, (g) => g.openedAt + l.handshakeTimeoutMs, now, 'handshake-timeout');
    this.expire(this.framing, (g) => g.frameStartedAt + l.frameTimeoutMs, now, 'frame-timeout');
    for (const g of this.unallocated) {
      if (g.conn?.allocation !== undefined) {
        this.unallocated.delete(g); // allocated since its last chunk
        continue;
      }
      if (g.openedAt + l.allocateTimeoutMs > now) break;
      this.close(g, 'allocate-timeout');
    }
  }

  /** Open connections from `source` (for tests and diagnostics). */
  connectionsFrom(source: string): number {
    return this.perSource.get(source) ?? 0;
  }

  private expire(
    queue: Set<GuardedStream>,
    deadline: (g: GuardedStream) => number,
    now: number,
    reason: StreamCloseReason,
  ): void {
    for (const g of queue) {
      if (deadline(g) > now) break;
      this.close(g, reason);
    }
  }

  private close(g: GuardedStream, reason: StreamCloseReason): void {
    this.closed[reason]++;
    g.socket.destroy();
    this.release(g); // the socket's close event releases too; release is idempotent
  }
}
