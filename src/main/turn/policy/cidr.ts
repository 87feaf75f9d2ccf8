// CIDR blocks over one 16-byte address space: IPv4 lives at ::ffff:0:0/96, so an IPv4 rule
// also matches the IPv4-mapped IPv6 form of the same address. Addresses under the well-known
// NAT64 prefix 64:ff9b::/96 are normalised to the IPv4 they embed, so a NAT64 gateway cannot be
// used to reach a forbidden IPv4 peer. Other forms that embed an IPv4 address (6to4, Teredo,
// SIIT) keep their IPv6 form; `embeddedIpv4` decodes the address they carry.
import { writeIp } from '../stun/address';

export interface Cidr {
  readonly text: string;
  readonly bytes: Uint8Array; // 16 bytes
  readonly bits: number; // 0..128 in the 16-byte space
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const NAT64_PREFIX = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

/** 16 normalised bytes for an IP literal, or undefined. */
export function normalizeIp(ip: string): Uint8Array | undefined {
  const b = new Uint8Array(16);
  const fam = writeIp(ip, b, 0);
  if (fam === 0) return undefined;
  if (fam === 4) {
    b.copyWithin(12, 0, 4);
    b.set(MAPPED_PREFIX, 0);
    return b;
  }
  if (NAT64_PREFIX.every((v, i) => b[i] === v)) b.set(MAPPED_PREFIX, 0);
  return b;
}

/** Parses "a.b.c.d/n", "x::/n" or a bare address (a /32 or /128); undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const ip = slash < 0 ? text : text.slice(0, slash);
  const raw = new Uint8Array(16);
  const fam = writeIp(ip, raw, 0);
  if (fam === 0) return undefined;
  const max = fam === 4 ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const s = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(s)) return undefined;
    bits = Number(s);
    if (bits > max) return undefined;
  }
  const bytes = normalizeIp(ip);
  if (!bytes) return undefined;
  const total = fam === 4 ? bits + 96 : bits;
  return { text, bytes: maskTo(bytes, total), bits: total };
}

export function cidrContains(c: Cidr, addr: Uint8Array): boolean {
  const full = c.bits >> 3;
  for (let i = 0; i < full; i++) if (c.bytes[i] !== addr[i]) return false;
  const rest = c.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (c.bytes[full]! & mask) === (addr[full]! & mask);
}

/**
 * The IPv4 address an IPv6 transition form carries, normalised (::ffff:a.b.c.d), or undefined:
 * 6to4 2002:AABB:CCDD::/48 (RFC 3056), Teredo 2001:0::/32 (RFC 4380, the client address is
 * stored inverted in the last 32 bits) and IPv4-translated ::ffff:0:a.b.c.d (RFC 2765 SIIT).
 * IPv4-mapped and NAT64 64:ff9b::/96 addresses are already IPv4 after `normalizeIp`.
 */
export function embeddedIpv4(b: Uint8Array): Uint8Array | undefined {
  let v4: number[] | undefined;
  if (b[0] === 0x20 && b[1] === 0x02) v4 = [b[2]!, b[3]!, b[4]!, b[5]!];
  else if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0)
    v4 = [~b[12]! & 0xff, ~b[13]! & 0xff, ~b[14]! & 0xff, ~b[15]! & 0xff];
  else if (SIIT_PREFIX.every((v, i) => b[i] === v)) v4 = [b[12]!, b[13]!, b[14]!, b[15]!];
  if (v4 === undefined) return undefined;
  const out = new Uint8Array(16);
  out.set(MAPPED_PREFIX, 0);
  out.set(v4, 12);
  return out;
}
const SIIT_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0];

function maskTo(b: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    out[i] = b[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}
