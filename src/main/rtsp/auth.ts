// Basic and Digest (RFC 7616: MD5, SHA-256, their -sess variants, qop=auth) authentication.
// Pure apart from hashing; the caller supplies the client nonce so tests are deterministic.
import { createHash, randomBytes } from 'node:crypto';
import type { Credentials } from './url';

export type Challenge =
  | { scheme: 'basic'; realm: string }
  | {
      scheme: 'digest';
      realm: string;
      nonce: string;
      opaque?: string;
      /** Upper-cased: MD5, MD5-SESS, SHA-256, SHA-256-SESS. */
      algorithm: string;
      /** qop options offered, lower-cased; empty for RFC 2069 digest. */
      qop: string[];
      stale: boolean;
      userhash: boolean;
    };

/** Splits `key=value, key="quoted, value"` auth params. */
export function parseParams(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  let m: RegExpExecArray | null;
  for (;;) {
    m = re.exec(s);
    if (!m) break;
    out.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
    if (re.lastIndex >= s.length) break;
  }
  return out;
}

/**
 * Parses WWW-Authenticate header values. A value may hold several challenges; we split at a
 * scheme token that starts a new challenge.
 */
export function parseChallenges(values: string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const value of values) {
    const pieces = value.split(/,?\s*(?=\b(?:Basic|Digest)\s)/i).filter((p) => p.trim() !== '');
    for (const piece of pieces) {
      const m = /^\s*(Basic|Digest)\s*(.*)$/is.exec(piece);
      if (!m) continue;
      const params = parseParams(m[2]!);
      const realm = params.get('realm') ?? '';
      if (m[1]!.toLowerCase() === 'basic') {
        out.push({ scheme: 'basic', realm });
        continue;
      }
      const nonce = params.get('nonce');
      if (nonce === undefined) continue;
      const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
      if (!['MD5', 'MD5-SESS', 'SHA-256', 'SHA-256-SESS'].includes(algorithm)) continue;
      const qop = (params.get('qop') ?? '')
        .split(',')
        .map((q) => q.trim().toLowerCase())
        .filter((q) => q !== '');
      const opaque = params.get('opaque');
      out.push({
        scheme: 'digest',
        realm,
        nonce,
        ...(opaque !== undefined ? { opaque } : {}),
        algorithm,
        qop,
        stale: (params.get('stale') ?? '').toLowerCase() === 'true',
        userhash: (params.get('userhash') ?? '').toLowerCase() === 'true',
      });
    }
  }
  return out;
}

function rank(c: Challenge): number {
  if (c.scheme === 'basic') return 0;
  if (c.qop.length > 0 && !c.qop.includes('auth')) return -1; // only auth-int: unsupported
  return c.algorithm.startsWith('SHA-256') ? 3 : 2;
}

/** The strongest challenge we can answer, or undefined. */
export function chooseChallenge(challenges: Challenge[]): Challenge | undefined {
  let best: Challenge | undefined;
  for (const c of challenges) if (rank(c) >= 0 && (best === undefined || rank(c) > rank(best))) best = c;
  return best;
}

export function hash(algorithm: string, s: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(s, 'utf8')
    .digest('hex');
}

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** Per-challenge state: the nonce count increments with each use of the same nonce. */
export class Authenticator {
  private nc = 0;

  constructor(
    readonly challenge: Challenge,
    private readonly credentials: Credentials,
    private readonly cnonce: () => string = () => randomBytes(8).toString('hex'),
  ) {}

  /** The Authorization header value for a request. */
  authorization(method: string, uri: string): string {
    const c = this.challenge;
    const { username, password } = this.credentials;
    if (c.scheme === 'basic') {
      return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    }
    const alg = c.algorithm;
    let ha1 = hash(alg, `${username}:${c.realm}:${password}`);
    const useQop = c.qop.includes('auth');
    const cnonce = useQop || alg.endsWith('-SESS') ? this.cnonce() : '';
    if (alg.endsWith('-SESS')) ha1 = hash(alg, `${ha1}:${c.nonce}:${cnonce}`);
    const ha2 = hash(alg, `${method}:${uri}`);
    const user = c.userhash ? hash(alg, `${username}:${c.realm}`) : username;
    const parts = [
      `username=${quote(user)}`,
      `realm=${quote(c.realm)}`,
      `nonce=${quote(c.nonce)}`,
      `uri=${quote(uri)}`,
    ];
    let response: string;
    if (useQop) {
      this.nc++;
      const nc = this.nc.toString(16).padStart(8, '0');
      response = hash(alg, `${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
      parts.push(`response=${quote(response)}`, 'qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    } else {
      response = hash(alg, `${ha1}:${c.nonce}:${ha2}`);
      parts.push(`response=${quote(response)}`);
    }
    // RFC 2069 servers (and GStreamer) expect no algorithm param for plain MD5 without qop.
    if (useQop || alg !== 'MD5') parts.push(`algorithm=${alg}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    if (c.userhash) parts.push('userhash=true');
    return `Digest ${parts.join(', ')}`;
  }
}

/** An Authorization header as a server reads it. */
export type Authorization =
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'digest'; params: Map<string, string> };

/** Parses a client's Authorization header; undefined when it is neither Basic nor Digest. */
export function parseAuthorization(value: string): Authorization | undefined {
  const m = /^\s*(Basic|Digest)\s+(.*)$/is.exec(value);
  if (!m) return undefined;
  if (m[1]!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(m[2]!.trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { scheme: 'digest', params: parseParams(m[2]!) };
}

/**
 * Whether a Digest answer is right for `password` (the server side of `Authenticator`: the
 * same hashes, MD5 / SHA-256, their -sess variants, qop=auth or none). The caller checks the
 * nonce is one it issued and the realm is its own.
 */
export function digestMatches(params: Map<string, string>, method: string, password: string): boolean {
  const username = params.get('username');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (username === undefined || realm === undefined || nonce === undefined) return false;
  if (uri === undefined || response === undefined) return false;
  const alg = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (!['MD5', 'MD5-SESS', 'SHA-256', 'SHA-256-SESS'].includes(alg)) return false;
  const qop = params.get('qop')?.toLowerCase();
  const cnonce = params.get('cnonce') ?? '';
  let ha1 = hash(alg, `${username}:${realm}:${password}`);
  if (alg.endsWith('-SESS')) ha1 = hash(alg, `${ha1}:${nonce}:${cnonce}`);
  const ha2 = hash(alg, `${method}:${uri}`);
  let expected: string;
  if (qop === 'auth') expected = hash(alg, `${ha1}:${nonce}:${params.get('nc') ?? ''}:${cnonce}:auth:${ha2}`);
  else if (qop === undefined) expected = hash(alg, `${ha1}:${nonce}:${ha2}`);
  else return false;
  return expected === response.toLowerCase();
}
