// IP address text <-> bytes, without node:net. Formatting follows libuv's inet_ntop (BIND's
// algorithm), so a peer address decoded from XOR-PEER-ADDRESS is the very string Node's dgram
// reports in `rinfo.address` for the same peer: the permission and channel maps rely on that.

/** Writes the 4 or 16 bytes of `ip` at `offset`; returns 4 or 6, or 0 when `ip` is not an IP. */
export function writeIp(ip: string, out: Uint8Array, offset: number): 0 | 4 | 6 {
  if (ip.indexOf(':') < 0) return writeIpv4(ip, out, offset) ? 4 : 0;
  return writeIpv6(ip, out, offset) ? 6 : 0;
}

/** Family of an IP literal (4 or 6), 0 when it is neither. */
export function ipFamily(ip: string): 0 | 4 | 6 {
  return writeIp(ip, SCRATCH, 0);
}
const SCRATCH = new Uint8Array(16);

/** Parses IP text into a fresh 4- or 16-byte array, or undefined. */
export function parseIp(ip: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const fam = writeIp(ip, out, 0);
  if (fam === 0) return undefined;
  return fam === 4 ? out.subarray(0, 4) : out;
}

function writeIpv4(ip: string, out: Uint8Array, offset: number): boolean {
  let part = 0;
  let digits = 0;
  let n = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 46; // treat end as '.'
    if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[offset + part] = n;
      part++;
      n = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && n === 0) return false; // no leading zeros ("01" is ambiguous)
      n = n * 10 + (c - 48);
      digits++;
      if (n > 255) return false;
    } else {
      return false;
    }
  }
  return part === 4;
}

function writeIpv6(ip: string, out: Uint8Array, offset: number): boolean {
  const pct = ip.indexOf('%');
  if (pct >= 0) ip = ip.slice(0, pct); // zone id: not part of the address bytes
  if (ip.length < 2 || ip.length > 45) return false;
  const words = new Array<number>(8).fill(0);
  let gap = -1;
  let count = 0;
  let i = 0;
  if (ip.startsWith('::')) {
    gap = 0;
    i = 2;
    if (ip.length === 2) {
      out.fill(0, offset, offset + 16);
      return true;
    }
  } else if (ip.charCodeAt(0) === 58) {
    return false;
  }
  while (i < ip.length) {
    if (count >= 8) return false;
    let end = ip.indexOf(':', i);
    if (end < 0) end = ip.length;
    const group = ip.slice(i, end);
    if (group.indexOf('.') >= 0) {
      if (end !== ip.length || count > 6) return false;
      const v4 = new Uint8Array(4);
      if (!writeIpv4(group, v4, 0)) return false;
      words[count++] = (v4[0]! << 8) | v4[1]!;
      words[count++] = (v4[2]! << 8) | v4[3]!;
      i = end;
      break;
    }
    if (group.length === 0 || group.length > 4 || !/^[0-9a-fA-F]+$/.test(group)) return false;
    words[count++] = Number.parseInt(group, 16);
    if (end === ip.length) {
      i = end;
      break;
    }
    if (ip.charCodeAt(end + 1) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i = end + 2;
      if (i === ip.length) break;
    } else {
      i = end + 1;
      if (i === ip.length) return false; // trailing single ':'
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  const full = new Array<number>(8).fill(0);
  if (gap < 0) {
    for (let k = 0; k < 8; k++) full[k] = words[k]!;
  } else {
    for (let k = 0; k < gap; k++) full[k] = words[k]!;
    const tail = count - gap;
    for (let k = 0; k < tail; k++) full[8 - tail + k] = words[gap + k]!;
  }
  for (let k = 0; k < 8; k++) {
    out[offset + 2 * k] = full[k]! >> 8;
    out[offset + 2 * k + 1] = full[k]! & 0xff;
  }
  return true;
}

export function formatIpv4(b: Uint8Array, offset: number): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** RFC 5952-style text for 16 bytes, exactly as libuv's inet_ntop6 prints it. */
export function formatIpv6(b: Uint8Array, offset: number): string {
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    const w = (b[offset + 2 * i]! << 8) | b[offset + 2 * i + 1]!;
    if (w === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else {
        curLen++;
      }
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    const w5 = (b[offset + 10]! << 8) | b[offset + 11]!;
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w5 === 0xffff))) {
      s += formatIpv4(b, offset + 12);
      return s;
    }
    s += ((b[offset + 2 * i]! << 8) | b[offset + 2 * i + 1]!).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/** Canonical text of an IP literal (as Node would print it), or undefined. */
export function canonicalIp(ip: string): string | undefined {
  const b = new Uint8Array(16);
  const fam = writeIp(ip, b, 0);
  if (fam === 4) return formatIpv4(b, 0);
  if (fam === 6) return formatIpv6(b, 0);
  return undefined;
}
