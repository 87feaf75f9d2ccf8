// Long-term credential check of a request (RFC 8489 §9.2.4), with PASSWORD-ALGORITHM
// negotiation. Outcomes: an AuthKey, or the request was answered (400/401/438), dropped
// (rate limit) or parked until the Observer says what the password is.
import { NonceIssuer } from '../auth/nonce';
import { verifyMessageIntegrity, verifyMessageIntegritySha256 } from '../stun/attributes/message-integrity';
import { decodeNonce, encodeNonce } from '../stun/attributes/nonce';
import { decodePasswordAlgorithm } from '../stun/attributes/password-algorithm';
import { encodePasswordAlgorithms } from '../stun/attributes/password-algorithms';
import { decodeRealm, encodeRealm } from '../stun/attributes/realm';
import { decodeUsername } from '../stun/attributes/username';
import { Attr, ErrorCode, PasswordAlgorithm } from '../stun/constants';
import type { StunWriter } from '../stun/writer';
import type { AuthFailure, TurnCore } from './core';
import type { AuthKey } from './respond';

/** What we offer in PASSWORD-ALGORITHMS, in order of preference. */
export const OFFERED_ALGORITHMS = [PasswordAlgorithm.sha256, PasswordAlgorithm.md5] as const;
const OFFERED_VALUE = (() => {
  const b = Buffer.alloc(4 * OFFERED_ALGORITHMS.length);
  OFFERED_ALGORITHMS.forEach((a, i) => {
    b.writeUInt16BE(a, 4 * i);
  });
  return b;
})();

export function authenticate(core: TurnCore): AuthKey | undefined {
  const r = core.reader;
  const src = core.src;
  if (r.integrity < 0 && r.integritySha256 < 0) {
    // the first challenge: what every new client needs, costs us no state (the nonce is a MAC)
    challenge(core, ErrorCode.unauthenticated, false);
    return undefined;
  }
  const iu = r.find(Attr.USERNAME);
  const ir = r.find(Attr.REALM);
  const inn = r.find(Attr.NONCE);
  if (iu < 0 || ir < 0 || inn < 0) {
    core.answerUnauthenticated(ErrorCode.badRequest);
    return undefined;
  }
  const username = decodeUsername(r, iu);
  const realm = decodeRealm(r, ir);
  const nonce = decodeNonce(r, inn);
  if (username === undefined || realm === undefined || nonce === undefined) {
    core.answerUnauthenticated(ErrorCode.badRequest);
    return undefined;
  }
  const nonceCheck = core.nonces.check(nonce, src.address, core.nowMs);
  if (nonceCheck !== 'valid' || realm !== core.realm) {
    // a client whose nonce of ours expired gets its new one from its own budget only
    challenge(core, ErrorCode.staleNonce, nonceCheck !== 'expired');
    return undefined;
  }
  // PASSWORD-ALGORITHM negotiation (§9.2.4): both attributes or neither; the list must be ours.
  const ialgs = r.find(Attr.PASSWORD_ALGORITHMS);
  const ialg = r.find(Attr.PASSWORD_ALGORITHM);
  let algorithm: number = PasswordAlgorithm.md5;
  if (ialgs >= 0 || ialg >= 0) {
    const chosen = ialg >= 0 ? decodePasswordAlgorithm(r, ialg) : undefined;
    if (
      ialgs < 0 ||
      chosen === undefined ||
      !NonceIssuer.offersPasswordAlgorithms(nonce) ||
      !r.value(ialgs).equals(OFFERED_VALUE) ||
      !(OFFERED_ALGORITHMS as readonly number[]).includes(chosen)
    ) {
      core.answerUnauthenticated(ErrorCode.badRequest);
      return undefined;
    }
    algorithm = chosen;
  }
  if (!core.failureThrottle.allows(username, src.address, core.nowMs)) {
    // too many failures from here or for this user: not checked, answered like a wrong password
    // (as coturn answers failures; clients report it instead of hanging on retransmissions)
    core.authFailures.set('throttled', (core.authFailures.get('throttled') ?? 0) + 1);
    challenge(core, ErrorCode.unauthenticated);
    return undefined;
  }
  const lookup = core.credentials.lookup(username, core.nowMs);
  if (lookup.kind === 'ask') {
    core.parkForPassword(username);
    return undefined;
  }
  if (lookup.kind === 'found') {
    const sha256 = r.integritySha256 >= 0;
    for (const password of lookup.passwords) {
      const key = core.keys.get(username, core.realm, password, algorithm as PasswordAlgorithm);
      if (sha256 ? verifyMessageIntegritySha256(r, key) : verifyMessageIntegrity(r, key)) {
        return { username, key, sha256 };
      }
    }
  }
  const failure: AuthFailure =
    lookup.kind === 'found' ? 'bad-integrity' : lookup.kind === 'unknown' ? 'unknown-user' : lookup.kind;
  core.authFailure(failure, username);
  // only a wrong password for a user that exists spends that user's budget: names cost nothing
  core.failureThrottle.failed(username, lookup.kind === 'found', src.address, core.nowMs);
  challenge(core, ErrorCode.unauthenticated);
  return undefined;
}

/**
 * 401 or 438 with REALM, a fresh NONCE and PASSWORD-ALGORITHMS; rate limited per source, and by
 * the global budget when `shared`.
 */
function challenge(core: TurnCore, code: number, shared = true): void {
  const nonce = core.nonces.issue(core.src.address, core.nowMs);
  core.answerUnauthenticated(
    code,
    (w: StunWriter) => {
      encodeRealm(w, core.realm);
      encodeNonce(w, nonce);
      encodePasswordAlgorithms(w, OFFERED_ALGORITHMS);
    },
    shared,
  );
}
