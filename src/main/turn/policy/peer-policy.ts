// Which peers an allocation may reach. Safe by default: a relay that reaches loopback, the
// cloud metadata address or the operator's private network is an SSRF hole into the host.
// Order: explicit deny, explicit allow, then the built-in classes below, then allow. An address
// that embeds an IPv4 address (6to4, Teredo, SIIT; IPv4-mapped and NAT64 are IPv4 already) is
// also judged by the IPv4 it carries: whatever refuses that IPv4 refuses the IPv6 form too, even
// when the IPv6 block is allow-listed.
import { CodedError } from '../../../shared/coded-error';
import type { SessionAddress } from '../core/session';
import { type Cidr, cidrContains, embeddedIpv4, normalizeIp, parseCidr } from './cidr';

/** Who asks for a peer: the allocation's user and session. */
export interface PeerRequest {
  readonly username: string;
  readonly session: SessionAddress;
}

/**
 * What the core asks before a permission or channel is installed. PeerPolicy is the default;
 * a wrapper can add exceptions for some requests (e.g. a credential that may reach the host's
 * own media ports) and defer to the policy for the rest.
 */
export interface PeerFilter {
  allows(ip: string, request: PeerRequest): boolean;
}

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
  '192.0.0.0/24', // IETF protocol assignments (incl. DS-Lite 192.0.0.0/29, NAT64 discovery)
  '192.0.2.0/24', // TEST-NET-1 (documentation)
  '198.51.100.0/24', // TEST-NET-2 (documentation)
  '203.0.113.0/24', // TEST-NET-3 (documentation)
  '198.18.0.0/15', // benchmarking
  '2001:db8::/32', // IPv6 documentation
  '2002::/16', // 6to4: an IPv4 address wrapped in IPv6 (the IPv4 is judged too)
  '2001::/32', // Teredo: IPv4 tunnelled over UDP (the client IPv4 is judged too)
  '::ffff:0:0:0/96', // IPv4-translated (SIIT)
  '64:ff9b:1::/48', // local-use NAT64 (RFC 8215): the embedding depends on the operator's prefix
];

function compile(list: readonly string[], what: 'allow' | 'deny' | 'built-in'): Cidr[] {
  return list.map((t) => {
    const c = parseCidr(t);
    if (!c)
      throw new PeerPolicyError('invalid-peer-policy', `invalid ${what} CIDR: ${t}`, { list: what, rule: t });
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

export type PeerPolicyErrorContexts = {
  /** `rule` is the first CIDR of `list` that does not parse. */
  'invalid-peer-policy': { list: 'allow' | 'deny' | 'built-in'; rule: string };
};

export class PeerPolicyError extends CodedError<PeerPolicyErrorContexts> {}

export class PeerPolicy implements PeerFilter {
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
    return this.verdict(b, true);
  }

  private verdict(b: Uint8Array, decode: boolean): PeerVerdict {
    const any = (list: Cidr[]) => list.some((c) => cidrContains(c, b));
    if (any(this.deny)) return { allowed: false, rule: 'deny-list' };
    const inner = decode ? embeddedIpv4(b) : undefined;
    if (inner !== undefined) {
      const v = this.verdict(inner, false);
      if (!v.allowed) return v;
    }
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
