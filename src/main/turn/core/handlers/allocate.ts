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
import { authenticate } from '../auth';
import type { TurnCore } from '../core';
import { dropReservation } from '../lifecycle';
import { expireParked, unpark } from '../recycle';
import type { AuthKey } from '../respond';
import { currentAllocation, rejectUnknown, tidOf } from './common';
import { grantedLifetime } from './refresh';

const RESERVATION_MS = 30_000;
const MAX_BIND_ATTEMPTS = 8;

export function handleAllocate(core: TurnCore): void {
  const r = core.reader;
  const src = core.src;
  const existing = currentAllocation(core);
  if (existing !== undefined) {
    const tid = tidOf(core);
    if (existing.state === 'binding' && existing.allocateTid === tid) {
      core.drop('in-progress');
      return;
    }
    const cached = existing.state === 'active' ? existing.cachedAnswer(tid, core.nowMs) : undefined;
    if (cached !== undefined) {
      core.answer(cached, null);
      return;
    }
  }
  const auth = authenticate(core);
  if (auth === undefined || rejectUnknown(core, auth)) return;
  if (existing !== undefined) return void core.error(ErrorCode.allocationMismatch, auth);
  const it = r.find(Attr.REQUESTED_TRANSPORT);
  const transport = it >= 0 ? decodeRequestedTransport(r, it) : undefined;
  if (transport === undefined) return void core.error(ErrorCode.badRequest, auth);
  if (transport !== TRANSPORT_UDP) return void core.error(ErrorCode.unsupportedTransportProtocol, auth);
  const itok = r.find(Attr.RESERVATION_TOKEN);
  const iev = r.find(Attr.EVEN_PORT);
  const ifam = r.find(Attr.REQUESTED_ADDRESS_FAMILY);
  if (itok >= 0 && (iev >= 0 || ifam >= 0)) return void core.error(ErrorCode.badRequest, auth);
  let family: 4 | 6 = 4;
  if (ifam >= 0) {
    const f = decodeRequestedAddressFamily(r, ifam);
    if (f === undefined) return void core.error(ErrorCode.badRequest, auth);
    if (f === 0) return void core.error(ErrorCode.addressFamilyNotSupported, auth);
    family = f;
  }
  const even = iev >= 0 ? decodeEvenPort(r, iev) : undefined;
  if (iev >= 0 && even === undefined) return void core.error(ErrorCode.badRequest, auth);
  const il = r.find(Attr.LIFETIME);
  const requested = il >= 0 ? decodeLifetime(r, il) : undefined;
  if (il >= 0 && requested === undefined) return void core.error(ErrorCode.badRequest, auth);
  if (core.table.size >= core.quotas.total || core.table.userCount(auth.username) >= core.quotas.perUser) {
    return void core.error(ErrorCode.allocationQuotaReached, auth);
  }
  let relayAddress: string | undefined;
  let port: number | undefined;
  let handover: unknown;
  if (itok >= 0) {
    const token = decodeReservationToken(r, itok);
    if (token === undefined) return void core.error(ErrorCode.badRequest, auth);
    const res = core.reservations.get(token);
    if (res === undefined) return void core.error(ErrorCode.insufficientCapacity, auth);
    core.reservations.delete(token);
    res.dead = true;
    relayAddress = res.relayAddress;
    family = res.family;
    port = res.port;
    handover = res.io;
    res.io = undefined;
  } else {
    relayAddress = core.relayAddressFor(family, core.listeners[src.listener]?.localAddress ?? '');
    if (relayAddress === undefined) return void core.error(ErrorCode.addressFamilyNotSupported, auth);
  }
  const a = new Allocation({
    session: {
      transport: core.listeners[src.listener]?.transport ?? 'udp',
      address: src.address,
      port: src.port,
      family: src.family,
      localAddress: core.listeners[src.listener]?.localAddress ?? '',
      localPort: core.listeners[src.listener]?.localPort ?? 0,
    },
    listener: src.listener,
    conn: src.conn,
    username: auth.username,
    key: auth.key,
    sha256: auth.sha256,
    family,
    relayAddress,
    now: core.nowMs,
    lifetime: grantedLifetime(core, requested),
    allocateTid: Buffer.from(r.transactionId()),
    allocateFingerprint: r.fingerprint >= 0,
    dontFragment: r.has(Attr.DONT_FRAGMENT),
    portRequest: { even: even !== undefined, reserveNext: even?.reserveNext ?? false, fromToken: itok >= 0 },
    indicationTid: core.nextIndicationTid(),
  });
  if (port === undefined && even === undefined) {
    const reuse = unpark(core, family, relayAddress);
    if (reuse !== undefined) {
      port = reuse.port;
      handover = reuse.io;
    }
  }
  a.io = handover;
  if (port !== undefined) a.relayPort = port;
  else if (!takePort(core, a)) return void core.error(ErrorCode.insufficientCapacity, auth);
  core.table.add(a);
  core.push({ kind: 'bind-relay', allocation: a });
}

/** Takes a relay port (and a reservation for port + 1 with the R bit); false when exhausted. */
function takePort(core: TurnCore, a: Allocation): boolean {
  const req = a.init.portRequest;
  let port = core.ports.take(req.even, req.reserveNext);
  if (port === undefined && core.spareRelays.length > 0) {
    expireParked(core, true); // parked sockets give their ports back before we say 508
    port = core.ports.take(req.even, req.reserveNext);
  }
  if (port === undefined) return false;
  a.relayPort = port;
  if (req.reserveNext) {
    const res: Reservation = {
      kind: 'reservation',
      token: core.randomBytes(8).toString('hex'),
      port: port + 1,
      family: a.family,
      relayAddress: a.relayAddress,
      expiresAt: core.nowMs + RESERVATION_MS,
      heapAt: 0,
      dead: false,
      io: undefined,
    };
    core.reservations.set(res.token, res);
    core.heap.schedule(res);
    a.reservation = res;
  }
  return true;
}

function authOf(a: Allocation): AuthKey {
  return { username: a.username, key: a.init.key, sha256: a.init.sha256 };
}

/** The relay socket is bound: the allocation goes live and the client gets its answer. */
export function finishAllocate(core: TurnCore, a: Allocation): void {
  a.state = 'active';
  a.expiresAt = core.nowMs + a.lifetime * 1000;
  core.heap.schedule(a);
  core.allocationsCreated++;
  const answer = core.responder.build(
    StunMethod.allocate,
    a.init.allocateTid,
    a.init.allocateFingerprint,
    0,
    authOf(a),
    (w) => {
      encodeXorAddress(w, Attr.XOR_RELAYED_ADDRESS, {
        address: core.announced(a.relayAddress),
        port: a.relayPort,
      });
      encodeLifetime(w, a.lifetime);
      if (a.reservation) encodeReservationToken(w, Buffer.from(a.reservation.token, 'hex'));
      encodeXorAddress(w, Attr.XOR_MAPPED_ADDRESS, { address: a.session.address, port: a.session.port });
    },
  );
  a.cacheAnswer(a.allocateTid, answer, core.nowMs);
  core.answerTo(a, answer, 200);
  core.emit({ type: 'allocated', id: a.id, session: a.session, username: a.username, port: a.relayPort });
}

/** Binding the relay port failed: try another port (when it was taken elsewhere), else 508. */
export function retryAllocate(core: TurnCore, a: Allocation, retry: boolean): void {
  core.ports.release(a.relayPort);
  a.relayPort = 0;
  if (a.reservation) {
    dropReservation(core, a.reservation);
    a.reservation = undefined;
  }
  a.bindAttempts++;
  if (retry && !a.init.portRequest.fromToken && a.bindAttempts < MAX_BIND_ATTEMPTS && takePort(core, a)) {
    core.push({ kind: 'bind-relay', allocation: a });
    return;
  }
  const answer = core.responder.build(
    StunMethod.allocate,
    a.init.allocateTid,
    a.init.allocateFingerprint,
    ErrorCode.insufficientCapacity,
    authOf(a),
  );
  core.answerTo(a, answer, ErrorCode.insufficientCapacity);
  core.close(a, 'relay-error');
}
