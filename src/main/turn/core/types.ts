// What the core takes in and gives out. The core does no I/O: the Node layer (../io) turns
// sockets into inputs and carries out the actions.
import type { Allocation, Conn, IoHandles, Reservation } from './allocation';
import type { DropReason } from './drops';
import type { SessionAddress } from './session';

export type { Conn, IoHandles } from './allocation';
export type { ClientTransport, ListenerInfo, SessionAddress } from './session';

/** 'throttled': not checked, too many recent failures from that source or for that user. */
export type AuthFailure = 'bad-integrity' | 'unknown-user' | 'expired' | 'lifetime-too-long' | 'throttled';

export type CoreInput<Io extends IoHandles = IoHandles> =
  | { kind: 'client'; listener: number; address: string; port: number; conn?: Conn<Io>; data: Buffer }
  | { kind: 'peer'; allocation: Allocation<Io>; address: string; port: number; data: Buffer }
  | { kind: 'relay-bound'; allocation: Allocation<Io> }
  | { kind: 'relay-failed'; allocation: Allocation<Io>; retry: boolean }
  | { kind: 'password'; username: string; password: string | null }
  | { kind: 'conn-closed'; conn: Conn<Io> }
  | { kind: 'tick' }
  | { kind: 'delete'; id: string }
  | { kind: 'stop' };

/**
 * To the client: `body`, preceded by `head` when present (a ChannelData header or the STUN
 * prefix of a Data indication), followed by `pad` zero bytes (ChannelData on a stream).
 */
export interface ReplyAction<Io extends IoHandles = IoHandles> {
  kind: 'reply';
  listener: number;
  address: string;
  port: number;
  conn: Conn<Io> | undefined;
  head: Buffer | null;
  body: Buffer;
  pad: number;
}
/**
 * Bind the allocation's relay port; with `allocation.reservation`, bind its port too (both or
 * neither). When `allocation.io` is already set (a socket handed over from a redeemed
 * reservation) there is nothing to bind. Answer with relay-bound / relay-failed.
 */
export interface BindRelayAction<Io extends IoHandles = IoHandles> {
  kind: 'bind-relay';
  allocation: Allocation<Io>;
}

/** From the allocation's relay socket to a peer. */
export interface RelayAction<Io extends IoHandles = IoHandles> {
  kind: 'relay';
  allocation: Allocation<Io>;
  address: string;
  port: number;
  data: Buffer;
}

export type CoreAction<Io extends IoHandles = IoHandles> =
  | ReplyAction<Io>
  | RelayAction<Io>
  | BindRelayAction<Io>
  | { kind: 'close-relay'; allocation: Allocation<Io> }
  /** Close the socket held for a reservation that expired or was given up. */
  | { kind: 'close-reservation'; reservation: Reservation<Io> }
  /** Keep a closed allocation's relay socket bound for reuse: stop delivering its datagrams. */
  | { kind: 'park-relay'; io: Io['relay'] }
  /** Close a parked relay socket nobody reused. */
  | { kind: 'close-parked'; io: Io['relay'] }
  | { kind: 'lookup-password'; username: string }
  | { kind: 'event'; event: TurnEvent }
  | { kind: 'drop'; reason: DropReason };

export type TurnEvent =
  | { type: 'allocated'; id: string; session: SessionAddress; username: string; port: number }
  | { type: 'refresh'; id: string; session: SessionAddress; username: string; lifetime: number }
  | { type: 'createPermission'; id: string; session: SessionAddress; username: string; peers: string[] }
  | {
      type: 'channelBind';
      id: string;
      session: SessionAddress;
      username: string;
      channel: number;
      peer: string;
    }
  /** A request whose credentials were refused (wrong password, unknown user, expired). */
  | { type: 'authFailed'; session: SessionAddress; username: string; reason: AuthFailure }
  | {
      type: 'closed';
      id: string;
      session: SessionAddress;
      username: string;
      reason: CloseReason;
    };

export type CloseReason =
  | 'expired'
  | 'refresh-zero'
  | 'deleted'
  | 'stopped'
  | 'connection-closed'
  | 'relay-error';

export interface Lifetimes {
  /** Seconds. */
  defaultAllocation: number;
  maxAllocation: number;
  permission: number;
  channel: number;
  nonce: number;
}
