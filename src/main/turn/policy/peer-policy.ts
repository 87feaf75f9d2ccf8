// Which peers an allocation may reach. Safe by default: a relay that reaches loopback, the
// cloud metadata address or the operator's private network is an SSRF hole into the host.
// Order: explicit deny, explicit allow, then the built-in classes below, then allow.
import { type Cidr, cidrContains, normalizeIp, parseCidr } from './cidr';

export interface PeerPolicyConfig {
  /** Loopback peers (127/8, ::1): tests and single-host setups only. */
  allowLoopback: boolean;
  /** RFC 1918, shared address space (100.64/10) and IPv6 ULA (fc00::/7). */
  allowPrivate: boolean;
  allow: readonly string[];
  deny: readonly string[];
}

export type PeerVerdict =
  | { allowed: true; rule: 'allow-list' | 'loopback-allowed' | 'private-allowed' | 'public' }
  | { allowed: false; rule: 'deny-list' | 'loopback' | 'private' | 'reserved' | 'not-an-ip' };

const LOOPBACK = ['127.0.0.0/8', '::1/128'];
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];
/** Never relayed to unless explicitly allow-listed. */
const RESERVED = [
  '0.0.0.0/8', // "this network"
  '169.254.0.0/16', // link-local, incl. 169.254.169.254 (cloud metadata)
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, incl. 255.255.255.255 broadcast
  '::/96', // unspecified and the deprecated IPv4-compatible form
  'fe80::/10', // IPv6 link-local
  'fec0::/10', // IPv6 site-local (deprecated)
  'ff00::/8', // IPv6 multicast
  '100::/64', // discard-only
];

function compile(list: readonly string[], what: string): Cidr[] {
  return list.map((t) => {
    const c = parseCidr(t);
    if (!c) throw new PeerPolicyError(`invalid ${what} CIDR: ${t}`);
    return c;
  });
}

/**
 * A per-user exception to the peer policy, checked before it (camrelay's share credentials
 * may reach camrelay's own WebRTC port and nothing else). For `username` and a peer IP:
 * undefined keeps the policy's verdict; false refuses the peer; a set of ports allows the
 * peer, and the allocation then relays to and from exactly those ports of any peer it has.
 */
export type PeerGrant = (username: string, ip: string) => ReadonlySet<number> | false | undefined;

export class PeerPolicyError extends Error {
  override name = 'PeerPolicyError';
  readonly code = 'invalid-peer-policy';
}

export class PeerPolicy {
  private readonly allow: Cidr[];
  private readonly deny: Cidr[];
  private static readonly loopback = compile(LOOPBACK, 'built-in');
  private static readonly private = compile(PRIVATE, 'built-in');
  private static readonly reserved = compile(RESERVED, 'built-in');

  /** Throws PeerPolicyError naming the first invalid CIDR. */
  constructor(private readonly config: PeerPolicyConfig) {
    this.allow = compile(config.allow, 'allow');
    this.deny = compile(config.deny, 'deny');
  }

  check(ip: string): PeerVerdict {
    const b = normalizeIp(ip);
    if (!b) return { allowed: false, rule: 'not-an-ip' };
    const any = (list: Cidr[]) => list.some((c) => cidrContains(c, b));
    if (any(this.deny)) return { allowed: false, rule: 'deny-list' };
    if (any(this.allow)) return { allowed: true, rule: 'allow-list' };
    if (any(PeerPolicy.loopback)) {
      return this.config.allowLoopback
        ? { allowed: true, rule: 'loopback-allowed' }
        : { allowed: false, rule: 'loopback' };
    }
    if (any(PeerPolicy.reserved)) return { allowed: false, rule: 'reserved' };
    if (any(PeerPolicy.private)) {
      return this.config.allowPrivate
        ? { allowed: true, rule: 'private-allowed' }
        : { allowed: false, rule: 'private' };
    }
    return { allowed: true, rule: 'public' };
  }

  allows(ip: string): boolean {
    return this.check(ip).allowed;
  }
}
