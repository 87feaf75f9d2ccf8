// Retries after a refused login. Many cameras lock the account after about five failed
// logins, so a wrong password must not be tried on the ordinary reconnect schedule (seconds
// apart): authentication failures have their own, slow one, and it is kept per camera
// outside the supervisor, so a regrouping (a new supervisor) or a host restart (the ledger is
// persisted) does not start it over. A change of credentials clears it: the next attempt is
// at once. Time is wall-clock ms (it survives a restart).

/** Delays after the 1st, 2nd, ... consecutive refused login; the last repeats. */
export interface AuthRetryPolicy {
  delaysMs: readonly number[];
  /** Random lengthening as a fraction of the delay (never shortening: the bound must hold). */
  jitter: number;
}

/**
 * Attempts at 0, 10, 50 and 140 s (4 in the first 150 s, the 5th after 290 s), then 5, 10
 * and at most 15 minutes apart.
 */
export const DEFAULT_AUTH_RETRY: AuthRetryPolicy = {
  delaysMs: [10_000, 40_000, 90_000, 300_000, 600_000, 900_000],
  jitter: 0.1,
};

/** Delay after the `failures`-th consecutive refused login (1 = the first). */
export function authRetryDelay(policy: AuthRetryPolicy, failures: number, random: () => number): number {
  const d = policy.delaysMs;
  const base = d[Math.min(Math.max(failures, 1), d.length) - 1] ?? 60_000;
  return Math.round(base * (1 + policy.jitter * random()));
}

/** One camera's refused logins, as persisted. */
export interface AuthFailureRecord {
  /** Consecutive refused logins with the current credentials. */
  failures: number;
  /** Wall-clock ms of the latest one. */
  lastAt: number;
  /** Wall-clock ms before which no login may be tried (unless the operator asks). */
  notBefore: number;
}

/** What a supervisor needs: the per-camera slice of the ledger. */
export interface AuthGate {
  /** Wall-clock ms before which the camera must not try to log in, if any. */
  notBefore(): number | undefined;
  /** A login was refused at `at`: returns the wall-clock ms of the next allowed attempt. */
  refused(at: number): number;
  /** A login was accepted (or the credentials are not the problem any more). */
  accepted(): void;
}

export interface AuthLedgerOptions {
  policy?: AuthRetryPolicy;
  random?: () => number;
  /** Records from the last run (see `records()`), e.g. read from the data directory. */
  initial?: Readonly<Record<string, AuthFailureRecord>>;
  /** Called after every change, to persist `records()`. */
  changed?: () => void;
}

/** Refused logins of every camera, keyed by camera id. */
export class AuthLedger {
  readonly #records = new Map<string, AuthFailureRecord & { credentials?: string }>();
  readonly #policy: AuthRetryPolicy;
  readonly #random: () => number;

  constructor(private readonly options: AuthLedgerOptions = {}) {
    this.#policy = options.policy ?? DEFAULT_AUTH_RETRY;
    this.#random = options.random ?? Math.random;
    for (const [id, r] of Object.entries(options.initial ?? {})) this.#records.set(id, { ...r });
  }

  /**
   * The gate for `cameraId` with credentials identified by `credentials` (an opaque key that
   * changes when the user name or password does; never the password itself). A different
   * key than the one recorded clears the camera's record: the operator fixed the login.
   */
  gate(cameraId: string, credentials: string): AuthGate {
    const current = this.#records.get(cameraId);
    // A record from the last run has no key: assume the same credentials (the safe side).
    if (current?.credentials === undefined && current) current.credentials = credentials;
    else if (current && current.credentials !== credentials) this.forget(cameraId);
    return {
      notBefore: () => this.#records.get(cameraId)?.notBefore,
      refused: (at) => {
        const prev = this.#records.get(cameraId);
        const failures = (prev?.failures ?? 0) + 1;
        const notBefore = at + authRetryDelay(this.#policy, failures, this.#random);
        this.#records.set(cameraId, { failures, lastAt: at, notBefore, credentials });
        this.options.changed?.();
        return notBefore;
      },
      accepted: () => this.forget(cameraId),
    };
  }

  /** The camera's record, if it has refused logins. */
  get(cameraId: string): AuthFailureRecord | undefined {
    const r = this.#records.get(cameraId);
    return r ? { failures: r.failures, lastAt: r.lastAt, notBefore: r.notBefore } : undefined;
  }

  /** Forgets a camera (deleted, or its login works). */
  forget(cameraId: string): void {
    if (this.#records.delete(cameraId)) this.options.changed?.();
  }

  /** Every record, for persisting (without the credentials keys). */
  records(): Record<string, AuthFailureRecord> {
    const out: Record<string, AuthFailureRecord> = {};
    for (const id of this.#records.keys()) out[id] = this.get(id)!;
    return out;
  }
}
