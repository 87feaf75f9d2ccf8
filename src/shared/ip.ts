// IP address syntax checks that run the same in Node and the browser (no node:net).

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for a literal IPv4 / IPv6 address (no brackets, no zone), 0 otherwise. */
export function ipFamily(value: string): 0 | 4 | 6 {
  if (V4.test(value)) return 4;
  if (!value.includes(':') || /[^0-9a-fA-F:.]/.test(value)) return 0;
  try {
    // The WHATWG URL parser implements the IPv6 grammar exactly (including embedded IPv4).
    return new URL(`http://[${value}]/`).hostname.length > 2 ? 6 : 0;
  } catch {
    return 0;
  }
}
