// Steps shared by the request handlers: retransmission answers, the 420 check, finding the
// client's allocation (437) with the same user (441), peer address checks (400/443/403).
import { encodeUnknownAttributes } from '../../stun/attributes/unknown-attributes';
import { decodeXorAddress, type TransportAddress } from '../../stun/attributes/xor-address';
import { Attr, ErrorCode } from '../../stun/constants';
import type { Allocation } from '../allocation';
import type { TurnCore } from '../core';
import type { AuthKey } from '../respond';

/** Comprehension-required attributes this server understands (anything else gets a 420). */
export const KNOWN = new Set<number>([
  Attr.MAPPED_ADDRESS,
  Attr.USERNAME,
  Attr.MESSAGE_INTEGRITY,
  Attr.MESSAGE_INTEGRITY_SHA256,
  Attr.ERROR_CODE,
  Attr.UNKNOWN_ATTRIBUTES,
  Attr.REALM,
  Attr.NONCE,
  Attr.PASSWORD_ALGORITHM,
  Attr.XOR_MAPPED_ADDRESS,
  Attr.CHANNEL_NUMBER,
  Attr.LIFETIME,
  Attr.XOR_PEER_ADDRESS,
  Attr.DATA,
  Attr.XOR_RELAYED_ADDRESS,
  Attr.REQUESTED_ADDRESS_FAMILY,
  Attr.EVEN_PORT,
  Attr.REQUESTED_TRANSPORT,
  Attr.DONT_FRAGMENT,
  Attr.RESERVATION_TOKEN,
  Attr.PRIORITY,
  Attr.USE_CANDIDATE,
]);

export function currentAllocation(core: TurnCore): Allocation | undefined {
  const s = core.src;
  return s.conn !== undefined ? s.conn.allocation : core.table.udpLookup(s.listener, s.address, s.port);
}

export function tidOf(core: TurnCore): string {
  return core.reader.buf.toString('hex', 8, 20);
}

/** True when this is a retransmission of a request already answered on `a` (answered again). */
export function answeredBefore(core: TurnCore, a: Allocation | undefined): boolean {
  if (a === undefined || a.state !== 'active') return false;
  const cached = a.cachedAnswer(tidOf(core), core.nowMs);
  if (cached === undefined) return false;
  core.answer(cached, null);
  return true;
}

/** 420 listing unknown comprehension-required attributes; true when answered. */
export function rejectUnknown(core: TurnCore, auth: AuthKey | null): boolean {
  const unknown = core.reader.unknownRequired(KNOWN);
  if (unknown === undefined) return false;
  if (auth) core.error(ErrorCode.unknownAttribute, auth, (w) => encodeUnknownAttributes(w, unknown));
  else core.answerUnauthenticated(ErrorCode.unknownAttribute, (w) => encodeUnknownAttributes(w, unknown));
  return true;
}

/** The active allocation of this 5-tuple made by the same user, or an answer (437/441). */
export function requireAllocation(
  core: TurnCore,
  a: Allocation | undefined,
  auth: AuthKey,
): Allocation | undefined {
  if (a === undefined || a.state !== 'active') {
    core.error(ErrorCode.allocationMismatch, auth);
    return undefined;
  }
  if (a.username !== auth.username) {
    core.error(ErrorCode.wrongCredentials, auth);
    return undefined;
  }
  return a;
}

/** Answers `code` on the allocation and caches it for retransmissions. */
export function answerOn(
  core: TurnCore,
  a: Allocation,
  code: number,
  auth: AuthKey,
  fill?: Parameters<TurnCore['success']>[1],
): void {
  const tid = tidOf(core);
  const b = code === 0 ? core.success(auth, fill) : core.error(code, auth, fill);
  a.cacheAnswer(tid, b, core.nowMs);
}

/**
 * Decodes the XOR-PEER-ADDRESS at index `i` and checks it against the allocation's family and
 * the peer policy; on failure answers 400 / 443 / 403 and returns undefined.
 */
export function checkedPeer(
  core: TurnCore,
  a: Allocation,
  i: number,
  auth: AuthKey,
): TransportAddress | undefined {
  const peer = decodeXorAddress(core.reader, i);
  if (peer === undefined) {
    answerOn(core, a, ErrorCode.badRequest, auth);
    return undefined;
  }
  if (peer.family !== a.family) {
    answerOn(core, a, ErrorCode.peerAddressFamilyMismatch, auth);
    return undefined;
  }
  const grant = core.peerGrant?.(a.username, peer.address);
  if (grant === false || (grant === undefined && !core.policy.allows(peer.address, a))) {
    core.peerRefused(peer.address);
    answerOn(core, a, ErrorCode.forbidden, auth);
    return undefined;
  }
  if (grant !== undefined) a.peerPorts = grant;
  return peer;
}

/** Installs or refreshes the permission for `ip`; false when the allocation is at its limit. */
export function installPermission(core: TurnCore, a: Allocation, ip: string): boolean {
  const expiresAt = core.nowMs + core.lifetimes.permission * 1000;
  const p = a.perms.get(ip);
  if (p !== undefined) {
    p.expiresAt = expiresAt;
    core.heap.schedule(p);
    return true;
  }
  if (a.perms.size >= core.maxPermissions) return false;
  const perm = { kind: 'permission' as const, allocation: a, ip, expiresAt, heapAt: 0, dead: false };
  a.perms.set(ip, perm);
  core.permissionCount++;
  core.heap.schedule(perm);
  return true;
}
