// XOR-MAPPED-ADDRESS (0x0020), XOR-PEER-ADDRESS (0x0012), XOR-RELAYED-ADDRESS (0x0016): one
// encoding (RFC 8489 §14.2): family, port xor the cookie's high 16 bits, address xor the cookie
// (IPv4) or cookie + transaction id (IPv6).

import { formatIpv4, formatIpv6, writeIp } from '../address';
import { MAGIC_COOKIE } from '../constants';
import type { StunReader } from '../reader';
import type { StunWriter } from '../writer';

export interface TransportAddress {
  family: 4 | 6;
  address: string;
  port: number;
}

/** Appends an XOR address attribute; throws RangeError for a non-IP `address` (our own data). */
export function encodeXorAddress(w: StunWriter, type: number, addr: { address: string; port: number }): void {
  const scratch = new Uint8Array(16);
  const fam = writeIp(addr.address, scratch, 0);
  if (fam === 0) throw new RangeError(`not an IP address: ${addr.address}`);
  const n = fam === 4 ? 4 : 16;
  const off = w.attr(type, 4 + n);
  const b = w.bytes;
  b[off + 1] = fam === 4 ? 0x01 : 0x02;
  b.writeUInt16BE((addr.port ^ (MAGIC_COOKIE >>> 16)) & 0xffff, off + 2);
  // the cookie and transaction id are bytes 4..20 of the message being written
  for (let i = 0; i < n; i++) b[off + 4 + i] = scratch[i]! ^ b[4 + i]!;
}

/** Decodes attribute `i`; undefined when malformed (a 400). */
export function decodeXorAddress(r: StunReader, i: number): TransportAddress | undefined {
  const len = r.valueLength(i);
  const off = r.valueOffset(i);
  const b = r.buf;
  const fam = b[off + 1];
  if (fam === 0x01 && len === 8) {
    const x = Buffer.allocUnsafe(4);
    for (let k = 0; k < 4; k++) x[k] = b[off + 4 + k]! ^ b[4 + k]!;
    return { family: 4, address: formatIpv4(x, 0), port: b.readUInt16BE(off + 2) ^ (MAGIC_COOKIE >>> 16) };
  }
  if (fam === 0x02 && len === 20) {
    const x = Buffer.allocUnsafe(16);
    for (let k = 0; k < 16; k++) x[k] = b[off + 4 + k]! ^ b[4 + k]!;
    return { family: 6, address: formatIpv6(x, 0), port: b.readUInt16BE(off + 2) ^ (MAGIC_COOKIE >>> 16) };
  }
  return undefined;
}
