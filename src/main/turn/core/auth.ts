// Long-term credential check of a request (RFC 8489 §9.2.4), with PASSWORD-ALGORITHM
// negotiation. Outcomes: an AuthKey, or the request was answered (400/401/438), dropped
// (rate limit) or parked until the Observer says what the password is. The Authenticator owns
// what authentication keeps: credentials, nonces, derived keys, the failure throttle, the
// requests waiting for a password and the failure counts.

import type { Credentials } from '../auth/credentials';
import type { FailureThrottle } from '../auth/failure-throttle';
import { KeyCache } from '../auth/long-term';
import { NonceIssuer } from '../auth/nonce';
import { verifyMessageIntegrity, verifyMessageIntegritySha256 } from '../stun/attributes/message-integrity';
import { decodeNonce, encodeNonce } from '../stun/attributes/nonce';
import { decodePasswordAlgorithm } from '../stun/attributes/password-algorithm';
import { encodePasswordAlgorithms } from '../stun/attributes/password-algorithms';
import { decodeRealm, encodeRealm } from '../stun/attributes/realm';
import { decodeUsername } from '../stun/attributes/username';
import { Attr, ErrorCode, PasswordAlgorithm } from '../stun/constants';
import type { StunWriter } from '../stun/writer';
import type { IoHandles } from './allocation';
import type { Outbox } from './outbox';
import { PasswordWaits } from './password-wait';
import type { Replies } from './replies';
import type { TurnRequest } from './request';
import type { AuthKey } from './respond';
import type { CoreState } from './state';
import type { AuthFailure } from './types';

/** What we offer in PASSWORD-ALGORITHMS, in order of preference. */
export const OFFERED_ALGORITHMS = [PasswordAlgorithm.sha256, PasswordAlgorithm.md5] as const;
const OFFERED_VALUE = (() => {
  const b = Buffer.alloc(4 * OFFERED_ALGORITHMS.length);
  OFFERED_ALGORITHMS.forEach((a, i) => {
    b.writeUInt16BE(a, 4 * i);
  });
  return b;
})();

export interface AuthenticatorOptions {
  realm: string;
  credentials: Credentials;
  nonces: NonceIssuer;
  failureThrottle: FailureThrottle;
  /** Requests waiting for the Observer's getPassword, in all. */
  maxParked: number;
}

/** What authentication answers and counts through. */
export interface AuthServices<Io extends IoHandles = IoHandles> {
  readonly state: CoreState<Io>;
  readonly out: Outbox<Io>;
  readonly replies: Replies;
}

export class Authenticator<Io extends IoHandles = IoHandles> {
  readonly realm: string;
  readonly credentials: Credentials;
  readonly nonces: NonceIssuer;
  readonly failureThrottle: FailureThrottle;
  readonly waits: PasswordWaits<Io>;
  /** Failed authentications by kind. */
  readonly failures = new Map<AuthFailure, number>();
  private readonly keys = new KeyCache();

  constructor(o: AuthenticatorOptions) {
    this.realm = o.realm;
    this.credentials = o.credentials;
    this.nonces = o.nonces;
    this.failureThrottle = o.failureThrottle;
    this.waits = new PasswordWaits<Io>(o.maxParked);
  }

  /** The key `req` is signed with, or undefined when it was answered, dropped or parked. */
  authenticate(req: TurnRequest<Io>, s: AuthServices<Io>): AuthKey | undefined {
    const r = req.msg;
    const now = s.state.nowMs;
    // 1. No MESSAGE-INTEGRITY: the first challenge, what every new client needs; costs us no
    //    state (the nonce is a MAC), so it spends only the source's own budget.
    if (r.integrity < 0 && r.integritySha256 < 0) {
      this.challenge(req, s, ErrorCode.unauthenticated, false);
      return undefined;
    }
    // 2. USERNAME, REALM and NONCE all present and well formed, else 400.
    const iu = r.find(Attr.USERNAME);
    const ir = r.find(Attr.REALM);
    const inn = r.find(Attr.NONCE);
    if (iu < 0 || ir < 0 || inn < 0) {
      s.replies.unauthenticated(req, ErrorCode.badRequest);
      return undefined;
    }
    const username = decodeUsername(r, iu);
    const realm = decodeRealm(r, ir);
    const nonce = decodeNonce(r, inn);
    if (username === undefined || realm === undefined || nonce === undefined) {
      s.replies.unauthenticated(req, ErrorCode.badRequest);
      return undefined;
    }
    // 3. A nonce of ours for this source, and our realm, else 438 with a fresh nonce (a client
    //    whose nonce expired gets its new one from its own budget only).
    const nonceCheck = this.nonces.check(nonce, req.address, now);
    if (nonceCheck !== 'valid' || realm !== this.realm) {
      this.challenge(req, s, ErrorCode.staleNonce, nonceCheck !== 'expired');
      return undefined;
    }
    // 4. PASSWORD-ALGORITHM negotiation (§9.2.4): both attributes or neither; the list must be ours.
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
        s.replies.unauthenticated(req, ErrorCode.badRequest);
        return undefined;
      }
      algorithm = chosen;
    }
    // 5. Too many failures from here or for this user: not checked, answered like a wrong
    //    password (as coturn answers failures; clients report it instead of retransmitting).
    if (!this.failureThrottle.allows(username, req.address, now)) {
      this.count('throttled');
      this.challenge(req, s, ErrorCode.unauthenticated);
      return undefined;
    }
    // 6. The password: known, or asked of the Observer (the request waits for the answer).
    const lookup = this.credentials.lookup(username, now);
    if (lookup.kind === 'ask') {
      this.waits.park(req, username, s.out);
      return undefined;
    }
    // 7. MESSAGE-INTEGRITY(-SHA256) with the key of one of the user's passwords.
    if (lookup.kind === 'found') {
      const sha256 = r.integritySha256 >= 0;
      for (const password of lookup.passwords) {
        const key = this.keys.get(username, this.realm, password, algorithm as PasswordAlgorithm);
        if (sha256 ? verifyMessageIntegritySha256(r, key) : verifyMessageIntegrity(r, key)) {
          return { username, key, sha256 };
        }
      }
    }
    // 8. Refused: counted, told to the Observer, 401. Only a wrong password for a user that
    //    exists spends that user's budget: names cost nothing.
    const failure: AuthFailure =
      lookup.kind === 'found' ? 'bad-integrity' : lookup.kind === 'unknown' ? 'unknown-user' : lookup.kind;
    this.failed(req, s, failure, username);
    this.failureThrottle.failed(username, lookup.kind === 'found', req.address, now);
    this.challenge(req, s, ErrorCode.unauthenticated);
    return undefined;
  }

  private count(kind: AuthFailure): void {
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
  }

  /** Counts a failed authentication and tells the Observer who it was. */
  private failed(req: TurnRequest<Io>, s: AuthServices<Io>, kind: AuthFailure, username: string): void {
    this.count(kind);
    const l = s.state.listeners[req.listener];
    s.out.emit({
      type: 'authFailed',
      session: {
        transport: l?.transport ?? 'udp',
        address: req.address,
        port: req.port,
        family: req.family,
        localAddress: l?.localAddress ?? '',
        localPort: l?.localPort ?? 0,
      },
      username,
      reason: kind,
    });
  }

  /**
   * 401 or 438 with REALM, a fresh NONCE and PASSWORD-ALGORITHMS; rate limited per source, and
   * by the global budget when `shared`.
   */
  private challenge(req: TurnRequest<Io>, s: AuthServices<Io>, code: number, shared = true): void {
    const nonce = this.nonces.issue(req.address, s.state.nowMs);
    const realm = this.realm;
    s.replies.unauthenticated(
      req,
      code,
      (w: StunWriter) => {
        encodeRealm(w, realm);
        encodeNonce(w, nonce);
        encodePasswordAlgorithms(w, OFFERED_ALGORITHMS);
      },
      shared,
    );
  }
}
