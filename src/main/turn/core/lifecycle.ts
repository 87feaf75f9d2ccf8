// How things end: closing an allocation (once, with one `closed` event), and what the coarse
// tick does with each kind of expired item popped from the heap.
import type { Allocation, Channel, Permission, Reservation } from './allocation';
import type { TurnCore } from './core';
import { park } from './recycle';
import type { CloseReason } from './types';

export interface Traffic {
  bytesToPeer: number;
  packetsToPeer: number;
  bytesFromPeer: number;
  packetsFromPeer: number;
}

export function closeAllocation(core: TurnCore, a: Allocation, reason: CloseReason): void {
  if (a.state === 'closed') return;
  const wasActive = a.state === 'active';
  a.state = 'closed';
  a.dead = true;
  core.table.remove(a);
  if (a.conn) a.conn.allocation = undefined;
  for (const p of a.perms.values()) p.dead = true;
  for (const c of a.channelsByNumber.values()) c.dead = true;
  core.permissionCount -= a.perms.size;
  core.channelCount -= a.channelsByNumber.size;
  a.perms.clear();
  a.channelsByNumber.clear();
  a.channelsByPeer.clear();
  const parked = park(core, a);
  if (!parked && a.relayPort !== 0) core.ports.release(a.relayPort);
  const t = core.closedTraffic;
  t.bytesToPeer += a.bytesToPeer;
  t.packetsToPeer += a.packetsToPeer;
  t.bytesFromPeer += a.bytesFromPeer;
  t.packetsFromPeer += a.packetsFromPeer;
  if (!parked) core.push({ kind: 'close-relay', allocation: a });
  if (wasActive) core.emit({ type: 'closed', id: a.id, session: a.session, username: a.username, reason });
}

export function trafficOf(core: TurnCore): Traffic {
  const t = { ...core.closedTraffic };
  for (const a of core.table.all()) {
    t.bytesToPeer += a.bytesToPeer;
    t.packetsToPeer += a.packetsToPeer;
    t.bytesFromPeer += a.bytesFromPeer;
    t.packetsFromPeer += a.packetsFromPeer;
  }
  return t;
}

export function unbindChannel(core: TurnCore, c: Channel): void {
  c.dead = true;
  const a = c.allocation;
  if (a.channelsByNumber.get(c.number) !== c) return;
  a.channelsByNumber.delete(c.number);
  const byPort = a.channelsByPeer.get(c.ip);
  byPort?.delete(c.port);
  if (byPort?.size === 0) a.channelsByPeer.delete(c.ip);
  core.channelCount--;
}

/** Gives up a reservation: frees its port and closes the socket held for it. */
export function dropReservation(core: TurnCore, r: Reservation): void {
  r.dead = true;
  if (core.reservations.get(r.token) === r) {
    core.reservations.delete(r.token);
    core.ports.release(r.port);
  }
  if (r.io !== undefined) core.push({ kind: 'close-reservation', reservation: r });
}

/** An item popped from the expiry heap whose time has come. */
export function expire(core: TurnCore, item: Allocation | Permission | Channel | Reservation): void {
  switch (item.kind) {
    case 'allocation':
      closeAllocation(core, item, 'expired');
      break;
    case 'permission':
      item.dead = true;
      if (item.allocation.perms.get(item.ip) === item) {
        item.allocation.perms.delete(item.ip);
        core.permissionCount--;
      }
      break;
    case 'channel':
      unbindChannel(core, item);
      break;
    case 'reservation':
      dropReservation(core, item);
      break;
    default: {
      const never: never = item;
      throw new TypeError(`unknown expirable ${String(never)}`);
    }
  }
}
