// Refresh (RFC 8656 §7.3): LIFETIME 0 deletes; otherwise the lifetime becomes
// max(default, min(requested, maximum)). No allocation on this 5-tuple: 437.
import { decodeLifetime, encodeLifetime } from '../../stun/attributes/lifetime';
import { decodeRequestedAddressFamily } from '../../stun/attributes/requested-address-family';
import { Attr, ErrorCode } from '../../stun/constants';
import { authenticate } from '../auth';
import type { TurnCore } from '../core';
import { answeredBefore, answerOn, currentAllocation, rejectUnknown, requireAllocation } from './common';

export function grantedLifetime(core: TurnCore, requested: number | undefined): number {
  const l = core.lifetimes;
  if (requested === undefined) return l.defaultAllocation;
  return Math.max(l.defaultAllocation, Math.min(requested, l.maxAllocation));
}

export function handleRefresh(core: TurnCore): void {
  const found = currentAllocation(core);
  if (answeredBefore(core, found)) return;
  const auth = authenticate(core);
  if (auth === undefined || rejectUnknown(core, auth)) return;
  const a = requireAllocation(core, found, auth);
  if (a === undefined) return;
  const r = core.reader;
  const ifam = r.find(Attr.REQUESTED_ADDRESS_FAMILY);
  if (ifam >= 0 && decodeRequestedAddressFamily(r, ifam) !== a.family) {
    answerOn(core, a, ErrorCode.peerAddressFamilyMismatch, auth);
    return;
  }
  const il = r.find(Attr.LIFETIME);
  const requested = il >= 0 ? decodeLifetime(r, il) : undefined;
  if (il >= 0 && requested === undefined) {
    answerOn(core, a, ErrorCode.badRequest, auth);
    return;
  }
  if (requested === 0) {
    core.success(auth, (w) => encodeLifetime(w, 0));
    core.close(a, 'refresh-zero');
    return;
  }
  const lifetime = grantedLifetime(core, requested);
  a.lifetime = lifetime;
  a.expiresAt = core.nowMs + lifetime * 1000;
  core.heap.schedule(a);
  answerOn(core, a, 0, auth, (w) => encodeLifetime(w, lifetime));
  core.emit({ type: 'refresh', id: a.id, session: a.session, username: a.username, lifetime });
}
