// The core's allocation state and the settings its rules read: allocations (by id, 5-tuple and
// user), the expiry heap, relay ports, reservations, parked relay sockets, live counts and
// totals. Plain data with lookups; the rules that change it are in lifecycle.ts, recycle.ts
// and the handlers.
import type { PeerFilter, PeerGrant } from '../policy/peer-policy';
import type { Allocation, Channel, IoHandles, Permission, Reservation } from './allocation';
import { AllocationTable } from './allocation-table';
import { ExpiryHeap } from './expiry-heap';
import type { CoreOptions } from './options';
import type { Outbox } from './outbox';
import { PortAllocator } from './port-allocator';
import type { ListenerInfo } from './session';
import type { Lifetimes } from './types';

export interface Traffic {
  bytesToPeer: number;
  packetsToPeer: number;
  bytesFromPeer: number;
  packetsFromPeer: number;
}

/** A closed allocation's relay socket kept bound for reuse (see recycle.ts). */
export interface SpareRelay<Io extends IoHandles = IoHandles> {
  port: number;
  family: 4 | 6;
  relayAddress: string;
  io: Io['relay'];
  until: number;
}

/** The state and the output: what the rules that change allocations work on. */
export interface CoreParts<Io extends IoHandles = IoHandles> {
  readonly state: CoreState<Io>;
  readonly out: Outbox<Io>;
}

export class CoreState<Io extends IoHandles = IoHandles> {
  /** The time of the input being handled (ms since the epoch), read once per request. */
  nowMs: number;
  readonly table = new AllocationTable<Io>();
  readonly heap = new ExpiryHeap<Allocation<Io> | Permission<Io> | Channel<Io> | Reservation<Io>>();
  readonly ports: PortAllocator;
  readonly reservations = new Map<string, Reservation<Io>>();
  /** Relay sockets of closed allocations kept bound for reuse (see recycle.ts). */
  readonly spareRelays: SpareRelay<Io>[] = [];
  readonly listeners: ListenerInfo[] = [];
  readonly lifetimes: Lifetimes;
  readonly quotas: { perUser: number; total: number };
  readonly bandwidth: number;
  readonly maxPermissions: number;
  readonly channelMax: number;
  readonly policy: PeerFilter;
  readonly peerGrant: PeerGrant | undefined;
  readonly randomBytes: (n: number) => Buffer;
  /** Live now. */
  permissionCount = 0;
  channelCount = 0;
  /** Totals since the core was made. */
  allocationsCreated = 0;
  /** CreatePermission/ChannelBind peers refused by the peer policy. */
  peerRefusals = 0;
  /** Traffic of allocations already closed (live ones keep their own counters). */
  readonly closedTraffic: Traffic = {
    bytesToPeer: 0,
    packetsToPeer: 0,
    bytesFromPeer: 0,
    packetsFromPeer: 0,
  };
  private readonly relayAddresses: readonly string[];
  private readonly announce: ReadonlyMap<string, string>;
  private readonly tidPrefix: Buffer;
  private tidCounter = 0;

  constructor(o: CoreOptions, randomBytes: (n: number) => Buffer) {
    this.nowMs = o.now();
    this.ports = new PortAllocator(o.ports.min, o.ports.max, o.random);
    this.lifetimes = o.lifetimes;
    this.quotas = o.quotas;
    this.bandwidth = o.bandwidth;
    this.maxPermissions = o.maxPermissionsPerAllocation ?? 1000;
    this.channelMax = o.channelMax ?? 0x7fff;
    this.policy = o.peerPolicy;
    this.peerGrant = o.peerGrant;
    this.relayAddresses = o.relayAddresses;
    this.announce = o.announce ?? new Map();
    this.randomBytes = randomBytes;
    this.tidPrefix = randomBytes(8);
  }

  /**
   * A transaction id for the Data indications of one allocation: 8 random bytes per core and a
   * counter (indications are not requests; the id needs to be distinct, not secret).
   */
  nextIndicationTid(): Buffer {
    const t = Buffer.allocUnsafe(12);
    this.tidPrefix.copy(t, 0);
    t.writeUInt32BE(this.tidCounter++ >>> 0, 8);
    return t;
  }

  /** The relayed address clients are told for relay IP `bound`. */
  announced(bound: string): string {
    return this.announce.get(bound) ?? bound;
  }

  /** The relay IP for an allocation of `family` asked for on a listener bound to `localAddress`. */
  relayAddressFor(family: 4 | 6, localAddress: string): string | undefined {
    const fam = (ip: string) => (ip.includes(':') ? 6 : 4);
    if (this.relayAddresses.includes(localAddress) && fam(localAddress) === family) return localAddress;
    return this.relayAddresses.find((ip) => fam(ip) === family);
  }

  /** Traffic totals: closed allocations plus the live ones (a scan: call it at scrape rate). */
  traffic(): Traffic {
    const t = { ...this.closedTraffic };
    for (const a of this.table.all()) {
      t.bytesToPeer += a.bytesToPeer;
      t.packetsToPeer += a.packetsToPeer;
      t.bytesFromPeer += a.bytesFromPeer;
      t.packetsFromPeer += a.packetsFromPeer;
    }
    return t;
  }
}
