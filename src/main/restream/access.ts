// Who may watch what: restream users (name, password, all paths or a list) checked with
// Digest (the challenge we send: MD5 without qop, which ffmpeg, GStreamer, VLC and live555
// clients all answer; MD5/SHA-256 with or without qop accepted) or Basic. Nonces are
// stateless (issue time + HMAC under a per-server key), so a flood of requests keeps no state.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { digestMatches, parseAuthorization } from '../rtsp/index';

export interface RestreamUser {
  name: string;
  password: string;
  /** Paths this user may watch; absent: all. */
  paths?: readonly string[];
}

export type AccessResult =
  | { ok: true; user: string | undefined }
  /** No or wrong credentials: 401 with the challenge. `stale`: a good answer to an old nonce. */
  | { ok: false; status: 401; stale: boolean }
  /** A user not allowed this path: answered 404 so paths do not leak. */
  | { ok: false; status: 404 };

const NONCE_LIFETIME_MS = 5 * 60_000;

export class AccessControl {
  readonly realm = 'camrelay';
  readonly #key = randomBytes(32);
  #users: readonly RestreamUser[];

  constructor(
    users: readonly RestreamUser[],
    private readonly allowBasic = true,
    private readonly now: () => number = Date.now,
  ) {
    this.#users = users;
  }

  get open(): boolean {
    return this.#users.length === 0;
  }

  /** Replaces the users (the config changed); sessions already set up keep playing. */
  setUsers(users: readonly RestreamUser[]): void {
    this.#users = users;
  }

  nonce(): string {
    const t = this.now().toString(16).padStart(12, '0');
    return `${t}${this.#mac(t)}`;
  }

  /** WWW-Authenticate values for a 401. */
  challenges(stale = false): string[] {
    const out = [`Digest realm="${this.realm}", nonce="${this.nonce()}"${stale ? ', stale=TRUE' : ''}`];
    if (this.allowBasic) out.push(`Basic realm="${this.realm}"`);
    return out;
  }

  check(authorization: string | undefined, method: string, path: string): AccessResult {
    if (this.open) return { ok: true, user: undefined };
    const auth = authorization === undefined ? undefined : parseAuthorization(authorization);
    if (auth === undefined) return { ok: false, status: 401, stale: false };
    let user: RestreamUser | undefined;
    let stale = false;
    if (auth.scheme === 'basic') {
      if (!this.allowBasic) return { ok: false, status: 401, stale: false };
      user = this.#users.find((u) => u.name === auth.username && safeEqual(u.password, auth.password));
    } else {
      const p = auth.params;
      const candidate = this.#users.find((u) => u.name === p.get('username'));
      const nonce = p.get('nonce') ?? '';
      if (candidate && p.get('realm') === this.realm && digestMatches(p, method, candidate.password)) {
        const age = this.#nonceAge(nonce);
        if (age === undefined) return { ok: false, status: 401, stale: false };
        if (age > NONCE_LIFETIME_MS) stale = true;
        else user = candidate;
      }
    }
    if (user === undefined) return { ok: false, status: 401, stale };
    if (user.paths !== undefined && !user.paths.includes(path)) return { ok: false, status: 404 };
    return { ok: true, user: user.name };
  }

  #mac(t: string): string {
    return createHmac('sha256', this.#key).update(t).digest('hex').slice(0, 32);
  }

  /** Age of a nonce we issued, or undefined when we did not issue it. */
  #nonceAge(nonce: string): number | undefined {
    if (!/^[0-9a-f]{44}$/.test(nonce)) return undefined;
    const t = nonce.slice(0, 12);
    if (!safeEqual(nonce.slice(12), this.#mac(t))) return undefined;
    return this.now() - Number.parseInt(t, 16);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
