// How things end: closing an allocation (once, with one `closed` event), and what the coarse
// tick does with each kind of expired item popped from the heap.
import type { Allocation, Channel, Permission, Reservation } from './allocation';
import { park } from './recycle';
import type { CoreParts } from './state';
import type { CloseReason } from './types';

export function closeAllocation(c: CoreParts, a: Allocation, reason: CloseReason): void {
  if (a.state === 'closed') return;
  const { state, out } = c;
  const wasActive = a.state === 'active';
  a.state = 'closed';
  a.dead = true;
  state.table.remove(a);
  if (a.conn) a.conn.allocation = undefined;
  for (const p of a.perms.values()) p.dead = true;
  for (const ch of a.channelsByNumber.values()) ch.dead = true;
  state.permissionCount -= a.perms.size;
  state.channelCount -= a.channelsByNumber.size;
  a.perms.clear();
  a.channelsByNumber.clear();
  a.channelsByPeer.clear();
  const parked = park(c, a);
  if (!parked && a.relayPort !== 0) state.ports.release(a.relayPort);
  const t = state.closedTraffic;
  t.bytesToPeer += a.bytesToPeer;
  t.packetsToPeer += a.packetsToPeer;
  t.bytesFromPeer += a.bytesFromPeer;
  t.packetsFromPeer += a.packetsFromPeer;
  if (!parked) out.push({ kind: 'close-relay', allocation: a });
  if (wasActive) out.emit({ type: 'closed', id: a.id, session: a.session, username: a.username, reason });
}

export function unbindChannel(c: CoreParts, ch: Channel): void {
  ch.dead = true;
  const a = ch.allocation;
  if (a.channelsByNumber.get(ch.number) !== ch) return;
  a.channelsByNumber.delete(ch.number);
  const byPort = a.channelsByPeer.get(ch.ip);
  byPort?.delete(ch.port);
  if (byPort?.size === 0) a.channelsByPeer.delete(ch.ip);
  c.state.channelCount--;
}

/** Gives up a reservation: frees its port and closes the socket held for it. */
export function dropReservation(c: CoreParts, r: Reservation): void {
  r.dead = true;
  if (c.state.reservations.get(r.token) === r) {
    c.state.reservations.delete(r.token);
    c.state.ports.release(r.port);
  }
  if (r.io !== undefined) c.out.push({ kind: 'close-reservation', reservation: r });
}

/** An item popped from the expiry heap whose time has come. */
export function expire(c: CoreParts, item: Allocation | Permission | Channel | Reservation): void {
  switch (item.kind) {
    case 'allocation':
      closeAllocation(c, item, 'expired');
      break;
    case 'permission':
      item.dead = true;
      if (item.allocation.perms.get(item.ip) === item) {
        item.allocation.perms.delete(item.ip);
        c.state.permissionCount--;
      }
      break;
    case 'channel':
      unbindChannel(c, item);
      break;
    case 'reservation':
      dropReservation(c, item);
      break;
    default: {
      const never: never = item;
      throw new TypeError(`unknown expirable ${String(never)}`);
    }
  }
}
