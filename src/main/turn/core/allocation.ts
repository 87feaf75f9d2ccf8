// An allocation and what hangs off it: permissions (per peer IP), channels (one-to-one with a
// peer transport address), traffic counters, a small cache of recent answers for retransmitted
// requests, and the bandwidth window. Plain data; the core mutates it.
import type { Expirable } from './expiry-heap';
import type { PeerCache } from './peer-cache';
import type { SessionAddress } from './session';

/**
 * The I/O layer's handles, which the core carries and never looks into: a relay socket per
 * allocation (and per reservation), a socket per TCP/TLS connection. The Node layer fills them
 * with dgram and net sockets (io/node-io.ts); the core's tests with plain objects.
 */
export interface IoHandles {
  relay: unknown;
  stream: unknown;
}

/**
 * One client TCP/TLS connection (a 5-tuple of its own). Created with `core.openConn`. Here,
 * beside Allocation, because each points at the other.
 */
export interface Conn<Io extends IoHandles = IoHandles> {
  readonly id: number;
  readonly listener: number;
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
  /** The allocation made over this connection, if any (set by the core). */
  allocation: Allocation<Io> | undefined;
  closed: boolean;
  /** The I/O layer's socket for this connection. */
  io: Io['stream'] | undefined;
}

export interface Permission<Io extends IoHandles = IoHandles> extends Expirable {
  readonly kind: 'permission';
  readonly allocation: Allocation<Io>;
  readonly ip: string;
}

export interface Channel<Io extends IoHandles = IoHandles> extends Expirable {
  readonly kind: 'channel';
  readonly allocation: Allocation<Io>;
  readonly number: number;
  readonly ip: string;
  readonly port: number;
}

export interface Reservation<Io extends IoHandles = IoHandles> extends Expirable {
  readonly kind: 'reservation';
  readonly token: string;
  readonly port: number;
  readonly family: 4 | 6;
  readonly relayAddress: string;
  /**
   * The I/O layer's socket already bound to the reserved port (bound together with the R-bit
   * allocation's own port, so that no other process can take it before the token is redeemed).
   */
  io: Io['relay'] | undefined;
}

export type AllocationState = 'binding' | 'active' | 'closed';

/** What an Allocate request asked for and was granted, fixed at creation. */
export interface AllocationInit<Io extends IoHandles = IoHandles> {
  session: SessionAddress;
  listener: number;
  conn: Conn<Io> | undefined;
  username: string;
  /** The HMAC key of the Allocate, and whether answers are signed with SHA-256. */
  key: Buffer;
  sha256: boolean;
  family: 4 | 6;
  relayAddress: string;
  now: number;
  /** Seconds. */
  lifetime: number;
  /** The Allocate's transaction id, and whether it carried FINGERPRINT (for the late answer). */
  allocateTid: Buffer;
  allocateFingerprint: boolean;
  dontFragment: boolean;
  /** EVEN-PORT asked (and its R bit), or a port redeemed from a RESERVATION-TOKEN. */
  portRequest: { even: boolean; reserveNext: boolean; fromToken: boolean };
  /** Transaction id of the Data indications sent to this client (XOR encodings cached per peer rely on it). */
  indicationTid: Buffer;
}

interface CachedAnswer {
  tid: string;
  answer: Buffer;
  at: number;
}

const ANSWER_CACHE = 4;
/** How long a retransmission may come after the original (RFC 8489: 39.5 s). */
export const RETRANSMIT_WINDOW_MS = 40_000;

let nextId = 1;

export class Allocation<Io extends IoHandles = IoHandles> implements Expirable {
  readonly kind = 'allocation';
  readonly id = `a${(nextId++).toString(36)}`;
  readonly init: AllocationInit<Io>;
  readonly session: SessionAddress;
  readonly listener: number;
  readonly conn: Conn<Io> | undefined;
  readonly username: string;
  readonly family: 4 | 6;
  readonly relayAddress: string;
  readonly createdAt: number;
  readonly allocateTid: string;
  state: AllocationState = 'binding';
  expiresAt = 0;
  heapAt = 0;
  dead = false;
  /** Seconds. */
  lifetime: number;
  relayPort = 0;
  /** Relay ports tried so far (a port another process holds is skipped). */
  bindAttempts = 0;
  /** The reservation of port + 1 made when EVEN-PORT had the R bit; its token goes in the answer. */
  reservation: Reservation<Io> | undefined = undefined;
  /** The I/O layer's handle for the relay socket. */
  io: Io['relay'] | undefined = undefined;
  readonly perms = new Map<string, Permission<Io>>();
  /** Set by a PeerGrant: the only peer ports this allocation relays to and from. */
  peerPorts: ReadonlySet<number> | undefined = undefined;
  readonly channelsByNumber = new Map<number, Channel<Io>>();
  /** peer IP -> peer port -> channel. */
  readonly channelsByPeer = new Map<string, Map<number, Channel<Io>>>();
  bytesToPeer = 0;
  packetsToPeer = 0;
  bytesFromPeer = 0;
  packetsFromPeer = 0;
  dropped = 0;
  /** Bandwidth window: start (ms) and bytes each way in it. */
  windowStart = 0;
  windowOut = 0;
  windowIn = 0;
  /** The data path's peer address encodings (see peer-cache.ts), made on first use. */
  peers: PeerCache | undefined = undefined;
  private readonly answers: CachedAnswer[] = [];

  constructor(init: AllocationInit<Io>) {
    this.init = init;
    this.session = init.session;
    this.listener = init.listener;
    this.conn = init.conn;
    this.username = init.username;
    this.family = init.family;
    this.relayAddress = init.relayAddress;
    this.createdAt = init.now;
    this.lifetime = init.lifetime;
    this.allocateTid = init.allocateTid.toString('hex');
  }

  cachedAnswer(tid: string, now: number): Buffer | undefined {
    for (const a of this.answers) if (a.tid === tid && now - a.at < RETRANSMIT_WINDOW_MS) return a.answer;
    return undefined;
  }

  cacheAnswer(tid: string, answer: Buffer, now: number): void {
    if (this.answers.length >= ANSWER_CACHE) this.answers.shift();
    this.answers.push({ tid, answer, at: now });
  }

  channelForPeer(ip: string, port: number): Channel<Io> | undefined {
    return this.channelsByPeer.get(ip)?.get(port);
  }
}
