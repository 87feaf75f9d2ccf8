// Allocate (RFC 8656 §7.2). After authentication: 437 if this 5-tuple has an allocation (a
// retransmission gets the first answer again); REQUESTED-TRANSPORT UDP (400 missing, 442 other);
// RESERVATION-TOKEN xor EVEN-PORT / REQUESTED-ADDRESS-FAMILY (400); family (440); quotas (486);
// a relay port from the range (508). The answer is sent once the I/O layer has bound the relay.
import { decodeEvenPort } from '../../stun/attributes/even-port';
import { decodeLifetime, encodeLifetime } from '../../stun/attributes/lifetime';
import { decodeRequestedAddressFamily } from '../../stun/attributes/requested-address-family';
import { decodeRequestedTransport } from '../../stun/attributes/requested-transport';
import { decodeReservationToken, encodeReservationToken } from '../../stun/attributes/reservation-token';
import { encodeXorAddress } from '../../stun/attributes/xor-address';
import { Attr, ErrorCode, StunMethod, TRANSPORT_UDP } from '../../stun/constants';
import { Allocation, type Reservation } from '../allocation';
import { closeAllocation, dropReservation } from '../lifecycle';
import { expireParked, unpark } from '../recycle';
import type { Replies } from '../replies';
import type { TurnRequest } from '../request';
import type { AuthKey } from '../respond';
import type { CoreParts } from '../state';
import { rejectUnknown } from './common';
import { grantedLifetime } from './refresh';
import type { RequestServices } from './services';

const RESERVATION_MS = 30_000;
const MAX_BIND_ATTEMPTS = 8;

export function handleAllocate(req: TurnRequest, s: RequestServices): void {
  const r = req.msg;
  const state = s.state;
  const replies = s.replies;
  // 1. A retransmission: dropped while the relay is being bound, else answered again.
  const existing = req.allocation;
  if (existing !== undefined) {
    const tid = req.tid();
    if (existing.state === 'binding' && existing.allocateTid === tid) {
      s.out.drop('in-progress');
      return;
    }
    const cached = existing.state === 'active' ? existing.cachedAnswer(tid, state.nowMs) : undefined;
    if (cached !== undefined) {
      replies.again(req, cached);
      return;
    }
  }
  // 2. Authentication (401/438), then 420.
  const auth = s.auth.authenticate(req, s);
  if (auth === undefined || rejectUnknown(req, s, auth)) return;
  req.auth = auth;
  // 3. This 5-tuple has an allocation already: 437.
  if (existing !== undefined) return void replies.error(req, ErrorCode.allocationMismatch, auth);
  // 4. REQUESTED-TRANSPORT: UDP (400 missing, 442 other).
  const it = r.find(Attr.REQUESTED_TRANSPORT);
  const transport = it >= 0 ? decodeRequestedTransport(r, it) : undefined;
  if (transport === undefined) return void replies.error(req, ErrorCode.badRequest, auth);
  if (transport !== TRANSPORT_UDP)
    return void replies.error(req, ErrorCode.unsupportedTransportProtocol, auth);
  // 5. RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY (400).
  const itok = r.find(Attr.RESERVATION_TOKEN);
  const iev = r.find(Attr.EVEN_PORT);
  const ifam = r.find(Attr.REQUESTED_ADDRESS_FAMILY);
  if (itok >= 0 && (iev >= 0 || ifam >= 0)) return void replies.error(req, ErrorCode.badRequest, auth);
  // 6. REQUESTED-ADDRESS-FAMILY: well formed (400) and one we relay (440).
  let family: 4 | 6 = 4;
  if (ifam >= 0) {
    const f = decodeRequestedAddressFamily(r, ifam);
    if (f === undefined) return void replies.error(req, ErrorCode.badRequest, auth);
    if (f === 0) return void replies.error(req, ErrorCode.addressFamilyNotSupported, auth);
    family = f;
  }
  // 7. EVEN-PORT and LIFETIME well formed (400).
  const even = iev >= 0 ? decodeEvenPort(r, iev) : undefined;
  if (iev >= 0 && even === undefined) return void replies.error(req, ErrorCode.badRequest, auth);
  const il = r.find(Attr.LIFETIME);
  const requested = il >= 0 ? decodeLifetime(r, il) : undefined;
  if (il >= 0 && requested === undefined) return void replies.error(req, ErrorCode.badRequest, auth);
  // 8. Quotas, per user and in all (486).
  if (
    state.table.size >= state.quotas.total ||
    state.table.userCount(auth.username) >= state.quotas.perUser
  ) {
    return void replies.error(req, ErrorCode.allocationQuotaReached, auth);
  }
  // 9. The relay address: the reserved one of a token (508 when unknown), else one of the family.
  const listener = state.listeners[req.listener];
  let relayAddress: string | undefined;
  let port: number | undefined;
  let handover: unknown;
  if (itok >= 0) {
    const token = decodeReservationToken(r, itok);
    if (token === undefined) return void replies.error(req, ErrorCode.badRequest, auth);
    const res = state.reservations.get(token);
    if (res === undefined) return void replies.error(req, ErrorCode.insufficientCapacity, auth);
    state.reservations.delete(token);
    res.dead = true;
    relayAddress = res.relayAddress;
    family = res.family;
    port = res.port;
    handover = res.io;
    res.io = undefined;
  } else {
    relayAddress = state.relayAddressFor(family, listener?.localAddress ?? '');
    if (relayAddress === undefined) return void replies.error(req, ErrorCode.addressFamilyNotSupported, auth);
  }
  const a = new Allocation({
    session: {
      transport: listener?.transport ?? 'udp',
      address: req.address,
      port: req.port,
      family: req.family,
      localAddress: listener?.localAddress ?? '',
      localPort: listener?.localPort ?? 0,
    },
    listener: req.listener,
    conn: req.conn,
    username: auth.username,
    key: auth.key,
    sha256: auth.sha256,
    family,
    relayAddress,
    now: state.nowMs,
    lifetime: grantedLifetime(state.lifetimes, requested),
    allocateTid: Buffer.from(r.transactionId()),
    allocateFingerprint: r.fingerprint >= 0,
    dontFragment: r.has(Attr.DONT_FRAGMENT),
    portRequest: { even: even !== undefined, reserveNext: even?.reserveNext ?? false, fromToken: itok >= 0 },
    indicationTid: state.nextIndicationTid(),
  });
  // 10. The relay port: the token's, a parked socket's (plain requests), else a free one (508).
  if (port === undefined && even === undefined) {
    const reuse = unpark(state, family, relayAddress);
    if (reuse !== undefined) {
      port = reuse.port;
      handover = reuse.io;
    }
  }
  a.io = handover;
  if (port !== undefined) a.relayPort = port;
  else if (!takePort(s, a)) return void replies.error(req, ErrorCode.insufficientCapacity, auth);
  // 11. The I/O layer binds the relay; the answer goes out when it has (finishAllocate).
  state.table.add(a);
  s.out.push({ kind: 'bind-relay', allocation: a });
}

/** Takes a relay port (and a reservation for port + 1 with the R bit); false when exhausted. */
function takePort(c: CoreParts, a: Allocation): boolean {
  const state = c.state;
  const req = a.init.portRequest;
  let port = state.ports.take(req.even, req.reserveNext);
  if (port === undefined && state.spareRelays.length > 0) {
    expireParked(c, true); // parked sockets give their ports back before we say 508
    port = state.ports.take(req.even, req.reserveNext);
  }
  if (port === undefined) return false;
  a.relayPort = port;
  if (req.reserveNext) {
    const res: Reservation = {
      kind: 'reservation',
      token: state.randomBytes(8).toString('hex'),
      port: port + 1,
      family: a.family,
      relayAddress: a.relayAddress,
      expiresAt: state.nowMs + RESERVATION_MS,
      heapAt: 0,
      dead: false,
      io: undefined,
    };
    state.reservations.set(res.token, res);
    state.heap.schedule(res);
    a.reservation = res;
  }
  return true;
}

function authOf(a: Allocation): AuthKey {
  return { username: a.username, key: a.init.key, sha256: a.init.sha256 };
}

/** What the late answers of an Allocate are made and sent with. */
export interface AllocateServices extends CoreParts {
  readonly replies: Replies;
}

/** The relay socket is bound: the allocation goes live and the client gets its answer. */
export function finishAllocate(s: AllocateServices, a: Allocation): void {
  const state = s.state;
  a.state = 'active';
  a.expiresAt = state.nowMs + a.lifetime * 1000;
  state.heap.schedule(a);
  state.allocationsCreated++;
  const answer = s.replies.responder.build(
    StunMethod.allocate,
    a.init.allocateTid,
    a.init.allocateFingerprint,
    0,
    authOf(a),
    (w) => {
      encodeXorAddress(w, Attr.XOR_RELAYED_ADDRESS, {
        address: state.announced(a.relayAddress),
        port: a.relayPort,
      });
      encodeLifetime(w, a.lifetime);
      if (a.reservation) encodeReservationToken(w, Buffer.from(a.reservation.token, 'hex'));
      encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, { address: a.session.address, port: a.session.port });
    },
  );
  a.cacheAnswer(a.allocateTid, answer, state.nowMs);
  s.out.replyTo(a, answer, 200);
  s.out.emit({ type: 'allocated', id: a.id, session: a.session, username: a.username, port: a.relayPort });
}

/** Binding the relay port failed: try another port (when it was taken elsewhere), else 508. */
export function retryAllocate(s: AllocateServices, a: Allocation, retry: boolean): void {
  s.state.ports.release(a.relayPort);
  a.relayPort = 0;
  if (a.reservation) {
    dropReservation(s, a.reservation);
    a.reservation = undefined;
  }
  a.bindAttempts++;
  if (retry && !a.init.portRequest.fromToken && a.bindAttempts < MAX_BIND_ATTEMPTS && takePort(s, a)) {
    s.out.push({ kind: 'bind-relay', allocation: a });
    return;
  }
  const answer = s.replies.responder.build(
    StunMethod.allocate,
    a.init.allocateTid,
    a.init.allocateFingerprint,
    ErrorCode.insufficientCapacity,
    authOf(a),
  );
  s.out.replyTo(a, answer, ErrorCode.insufficientCapacity);
  closeAllocation(s, a, 'relay-error');
}
