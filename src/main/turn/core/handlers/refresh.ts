// Refresh (RFC 8656 §7.3): LIFETIME 0 deletes; otherwise the lifetime becomes
// max(default, min(requested, maximum)). No allocation on this 5-tuple: 437.
import { decodeLifetime, encodeLifetime } from '../../stun/attributes/lifetime';
import { decodeRequestedAddressFamily } from '../../stun/attributes/requested-address-family';
import { Attr, ErrorCode } from '../../stun/constants';
import { closeAllocation } from '../lifecycle';
import type { TurnRequest } from '../request';
import type { Lifetimes } from '../types';
import { onOwnAllocation } from './common';
import type { RequestServices } from './services';

export function grantedLifetime(l: Lifetimes, requested: number | undefined): number {
  if (requested === undefined) return l.defaultAllocation;
  return Math.max(l.defaultAllocation, Math.min(requested, l.maxAllocation));
}

export function handleRefresh(req: TurnRequest, s: RequestServices): void {
  // 1-2. Retransmission, authentication, 420, the 5-tuple's allocation of this user (437/441).
  if (!onOwnAllocation(req, s)) return;
  const a = req.allocation!;
  const auth = req.auth!;
  const r = req.msg;
  // 3. REQUESTED-ADDRESS-FAMILY, when present, must be the allocation's (443).
  const ifam = r.find(Attr.REQUESTED_ADDRESS_FAMILY);
  if (ifam >= 0 && decodeRequestedAddressFamily(r, ifam) !== a.family) {
    s.replies.on(req, a, ErrorCode.peerAddressFamilyMismatch, auth);
    return;
  }
  // 4. A malformed LIFETIME: 400.
  const il = r.find(Attr.LIFETIME);
  const requested = il >= 0 ? decodeLifetime(r, il) : undefined;
  if (il >= 0 && requested === undefined) {
    s.replies.on(req, a, ErrorCode.badRequest, auth);
    return;
  }
  // 5. LIFETIME 0: the allocation is deleted (the answer says 0).
  if (requested === 0) {
    s.replies.success(req, auth, (w) => encodeLifetime(w, 0));
    closeAllocation(s, a, 'refresh-zero');
    return;
  }
  // 6. Otherwise the granted lifetime, from now.
  const lifetime = grantedLifetime(s.state.lifetimes, requested);
  a.lifetime = lifetime;
  a.expiresAt = s.state.nowMs + lifetime * 1000;
  s.state.heap.schedule(a);
  s.replies.on(req, a, 0, auth, (w) => encodeLifetime(w, lifetime));
  s.out.emit({ type: 'refresh', id: a.id, session: a.session, username: a.username, lifetime });
}
