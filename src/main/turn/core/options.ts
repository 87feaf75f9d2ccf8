// Options of the pure core, and the source of a request as kept while it waits for a password.
import type { Logger } from '../../../shared/engine-log';
import type { Credentials } from '../auth/credentials';
import type { FailureThrottle } from '../auth/failure-throttle';
import type { NonceIssuer } from '../auth/nonce';
import type { RateLimiter } from '../auth/rate-limiter';
import type { PeerFilter, PeerGrant } from '../policy/peer-policy';
import type { Conn, IoHandles } from './allocation';
import type { Lifetimes } from './types';

export interface CoreOptions {
  realm: string;
  software: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  lifetimes: Lifetimes;
  /** Relay IPs (one per family is typical). */
  relayAddresses: readonly string[];
  /**
   * The address to announce in XOR-RELAYED-ADDRESS per relay IP, when they differ (a server
   * behind 1:1 NAT binds its private address and announces its public one).
   */
  announce?: ReadonlyMap<string, string>;
  ports: { min: number; max: number };
  /** Which peers an allocation may reach (a PeerPolicy, or a wrapper adding exceptions). */
  peerPolicy: PeerFilter;
  /** Per-user exceptions to the peer policy (see PeerGrant). */
  peerGrant?: PeerGrant;
  quotas: { perUser: number; total: number };
  /** Bytes per second per allocation in each direction; 0 = unlimited. */
  bandwidth: number;
  /**
   * Highest channel number accepted: 0x4FFF (RFC 8656) or 0x7FFF (RFC 5766, which coturn,
   * libwebrtc and pion clients still use). Default 0x7FFF.
   */
  channelMax?: 0x4fff | 0x7fff;
  credentials: Credentials;
  nonces: NonceIssuer;
  rateLimiter: RateLimiter;
  /** Failed authentications per source and per user (password guessing). */
  failureThrottle: FailureThrottle;
  maxPermissionsPerAllocation?: number;
  /** Requests waiting for the Observer's getPassword, in all. */
  maxParked?: number;
  /** Debug lines per request (default silent). */
  logger?: Logger;
  random?: () => number;
  randomBytes?: (n: number) => Buffer;
}

/** Where a request came from, and its bytes: the copy kept by a request waiting for a password. */
export interface Source<Io extends IoHandles = IoHandles> {
  listener: number;
  address: string;
  port: number;
  family: 4 | 6;
  conn: Conn<Io> | undefined;
  data: Buffer;
}
