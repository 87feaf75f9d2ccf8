// The TURN relay as the console sees it. Zod-free (the renderer imports it). Passwords and
// shared secrets never appear here: users and secrets are listed by name / label only.

export const LISTENER_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type ListenerTransport = (typeof LISTENER_TRANSPORTS)[number];

export interface RelayListener {
  transport: ListenerTransport;
  host: string;
  port: number;
  /** TLS only: PEM certificate chain and key files. */
  certFile?: string;
  keyFile?: string;
}

/** The relay's configuration, without credentials. */
export interface RelaySettings {
  /** False: the relay is paused (no listeners; allocations closed). */
  enabled: boolean;
  listeners: RelayListener[];
  realm: string;
  /** Address announced as the relayed address; '' = the first listener's address. */
  relayAddress: string;
  minPort: number;
  maxPort: number;
  allowLoopbackPeers: boolean;
  allowPrivatePeers: boolean;
  /** CIDRs always allowed / always denied as peers (deny wins). */
  allowPeers: string[];
  denyPeers: string[];
  /** Allocations per user; 0 = no limit (the default, like coturn's). */
  userQuota: number;
  /** Allocations in all; 0 = no limit. */
  totalQuota: number;
  /** Per-allocation limit in kbit/s each way; 0 = none. */
  bandwidthKbps: number;
  /** Longest allocation lifetime a client may ask for, seconds. */
  maxLifetimeSec: number;
}

/**
 * Longest lifetime of REST (time-limited) TURN credentials: the relay refuses usernames whose
 * expiry is further away, and the console mints none longer.
 */
export const REST_MAX_LIFETIME_SEC = 86_400;

export const DEFAULT_RELAY: RelaySettings = {
  enabled: false,
  listeners: [{ transport: 'udp', host: '0.0.0.0', port: 3478 }],
  realm: 'camrelay',
  relayAddress: '',
  minPort: 49152,
  maxPort: 65535,
  allowLoopbackPeers: false,
  allowPrivatePeers: false,
  allowPeers: [],
  denyPeers: [],
  userQuota: 0,
  totalQuota: 1000,
  bandwidthKbps: 0,
  maxLifetimeSec: 3600,
};

export interface TurnUserView {
  name: string;
  createdAt: number;
}

export interface TurnSecretView {
  id: string;
  label: string;
  createdAt: number;
}

export type RelayStatus =
  | { state: 'stopped' } // paused by the operator (enabled: false)
  | { state: 'starting' }
  | { state: 'running'; since: number; listening: string[] }
  | { state: 'error'; message: string; field?: string; at: number };

/** Directions as in AllocationView: in = clients -> peers, out = peers -> clients. */
export interface RelayTotals {
  allocations: number;
  permissions: number;
  channels: number;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  kbpsIn: number;
  kbpsOut: number;
  authFailures: number;
}

export interface ThroughputHistory {
  t: number[];
  kbpsIn: number[];
  kbpsOut: number[];
}

export interface RelayView {
  settings: RelaySettings;
  status: RelayStatus;
  users: TurnUserView[];
  secrets: TurnSecretView[];
  totals: RelayTotals;
  history: ThroughputHistory;
}

export interface AllocationView {
  id: string;
  /** Client transport address: `udp 203.0.113.5:50120`. */
  client: string;
  transport: ListenerTransport;
  username: string;
  /** Relayed transport address `ip:port`. */
  relay: string;
  peers: string[];
  channels: { number: number; peer: string }[];
  createdAt: number;
  /** Wall-clock ms when it expires unless refreshed. */
  expiresAt: number;
  /** "In": from the client through the relay to its peers. "Out": from peers to the client. */
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  kbpsIn: number;
  kbpsOut: number;
  /** The share link this allocation serves (camrelay's own share credentials). */
  share?: AllocationShare;
}

export interface AllocationShare {
  id: string;
  label: string;
  cameraId: string;
}

/** Time-limited REST credentials made in the console, with a ready-to-paste snippet. */
export interface TurnCredentials {
  username: string;
  password: string;
  expiresAt: number;
  urls: string[];
  iceServersSnippet: string;
}
