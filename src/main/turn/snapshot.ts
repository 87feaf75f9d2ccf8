// Plain-object views of allocations for the operations API (polled at about 1 Hz).
import type { Allocation } from './core/allocation';
import type { SessionAddress } from './core/types';

export interface AllocationInfo {
  id: string;
  /** Client transport address, transport and the local interface it came in on. */
  session: SessionAddress;
  username: string;
  /** The relayed transport address as announced to the client; `bound` is the local IP when it differs. */
  relay: { family: 4 | 6; address: string; port: number; bound?: string };
  permissions: { peer: string; expiresAt: number }[];
  channels: { number: number; peer: string; address: string; port: number; expiresAt: number }[];
  createdAt: number;
  expiresAt: number;
  /** Seconds left unless refreshed. */
  lifetimeLeft: number;
  bytesToPeer: number;
  packetsToPeer: number;
  bytesFromPeer: number;
  packetsFromPeer: number;
  /** Packets dropped for this allocation (no permission, bandwidth limit, ...). */
  dropped: number;
}

export function snapshotAllocation(a: Allocation, now: number, announced = a.relayAddress): AllocationInfo {
  const permissions: AllocationInfo['permissions'] = [];
  for (const p of a.perms.values()) permissions.push({ peer: p.ip, expiresAt: p.expiresAt });
  const channels: AllocationInfo['channels'] = [];
  for (const c of a.channelsByNumber.values()) {
    channels.push({
      number: c.number,
      peer: c.ip.includes(':') ? `[${c.ip}]:${c.port}` : `${c.ip}:${c.port}`,
      address: c.ip,
      port: c.port,
      expiresAt: c.expiresAt,
    });
  }
  return {
    id: a.id,
    session: a.session,
    username: a.username,
    relay:
      announced === a.relayAddress
        ? { family: a.family, address: a.relayAddress, port: a.relayPort }
        : { family: a.family, address: announced, port: a.relayPort, bound: a.relayAddress },
    permissions,
    channels,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
    lifetimeLeft: Math.max(0, Math.round((a.expiresAt - now) / 1000)),
    bytesToPeer: a.bytesToPeer,
    packetsToPeer: a.packetsToPeer,
    bytesFromPeer: a.bytesFromPeer,
    packetsFromPeer: a.packetsFromPeer,
    dropped: a.dropped,
  };
}
