// Steps shared by the request handlers: retransmission answers, the 420 check, the preamble of
// requests on an existing allocation (437 / 441), peer address checks (400/443/403).
import { encodeUnknownAttributes } from '../../stun/attributes/unknown-attributes';
import { decodeXorAddress, type TransportAddress } from '../../stun/attributes/xor-address';
import { Attr, ErrorCode } from '../../stun/constants';
import type { Allocation } from '../allocation';
import type { TurnRequest } from '../request';
import type { AuthKey } from '../respond';
import type { CoreParts } from '../state';
import type { AnswerServices, RequestServices } from './services';

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

/** True when this is a retransmission of a request already answered on `a` (answered again). */
export function answeredBefore(req: TurnRequest, s: RequestServices, a: Allocation | undefined): boolean {
  if (a === undefined || a.state !== 'active') return false;
  const cached = a.cachedAnswer(req.tid(), s.state.nowMs);
  if (cached === undefined) return false;
  s.replies.again(req, cached);
  return true;
}

/** 420 listing unknown comprehension-required attributes; true when answered. */
export function rejectUnknown(req: TurnRequest, s: AnswerServices, auth: AuthKey | null): boolean {
  const unknown = req.msg.unknownRequired(KNOWN);
  if (unknown === undefined) return false;
  const fill = (w: Parameters<typeof encodeUnknownAttributes>[0]) => encodeUnknownAttributes(w, unknown);
  if (auth) s.replies.error(req, ErrorCode.unknownAttribute, auth, fill);
  else s.replies.unauthenticated(req, ErrorCode.unknownAttribute, fill);
  return true;
}

/**
 * The preamble of Refresh, CreatePermission and ChannelBind: a retransmission gets its first
 * answer again; then authentication (401/438), 420, and the active allocation of this 5-tuple
 * made by the same user (437 / 441). True when the handler goes on, with `req.allocation` and
 * `req.auth` set.
 */
export function onOwnAllocation(req: TurnRequest, s: RequestServices): boolean {
  if (answeredBefore(req, s, req.allocation)) return false;
  const auth = s.auth.authenticate(req, s);
  if (auth === undefined || rejectUnknown(req, s, auth)) return false;
  const a = req.allocation;
  if (a === undefined || a.state !== 'active') {
    s.replies.error(req, ErrorCode.allocationMismatch, auth);
    return false;
  }
  if (a.username !== auth.username) {
    s.replies.error(req, ErrorCode.wrongCredentials, auth);
    return false;
  }
  req.auth = auth;
  return true;
}

/**
 * Decodes the XOR-PEER-ADDRESS at index `i` and checks it against the allocation's family and
 * the peer policy; on failure answers 400 / 443 / 403 and returns undefined.
 */
export function checkedPeer(
  req: TurnRequest,
  s: RequestServices,
  a: Allocation,
  i: number,
  auth: AuthKey,
): TransportAddress | undefined {
  const peer = decodeXorAddress(req.msg, i);
  if (peer === undefined) {
    s.replies.on(req, a, ErrorCode.badRequest, auth);
    return undefined;
  }
  if (peer.family !== a.family) {
    s.replies.on(req, a, ErrorCode.peerAddressFamilyMismatch, auth);
    return undefined;
  }
  const grant = s.state.peerGrant?.(a.username, peer.address);
  if (grant === false || (grant === undefined && !s.state.policy.allows(peer.address, a))) {
    s.state.peerRefusals++;
    s.replies.on(req, a, ErrorCode.forbidden, auth);
    return undefined;
  }
  if (grant !== undefined) a.peerPorts = grant;
  return peer;
}

/** Installs or refreshes the permission for `ip`; false when the allocation is at its limit. */
export function installPermission(c: CoreParts, a: Allocation, ip: string): boolean {
  const state = c.state;
  const expiresAt = state.nowMs + state.lifetimes.permission * 1000;
  const p = a.perms.get(ip);
  if (p !== undefined) {
    p.expiresAt = expiresAt;
    state.heap.schedule(p);
    return true;
  }
  if (a.perms.size >= state.maxPermissions) return false;
  const perm = { kind: 'permission' as const, allocation: a, ip, expiresAt, heapAt: 0, dead: false };
  a.perms.set(ip, perm);
  state.permissionCount++;
  state.heap.schedule(perm);
  return true;
}
