// RTSP URL handling: credentials split out of the URL (never sent or logged with it), and
// control URL resolution the way live555 and ffmpeg do it (the base is treated as a
// directory, so "trackID=1" under "rtsp://h/stream" is "rtsp://h/stream/trackID=1").
import { RtspError } from './error';

export interface Credentials {
  username: string;
  password: string;
}

export interface ParsedRtspUrl {
  /** The URL without user info. */
  url: URL;
  secure: boolean;
  host: string;
  port: number;
  /** Credentials that were in the URL, if any. */
  credentials?: Credentials;
}

export function parseRtspUrl(input: string | URL): ParsedRtspUrl | RtspError {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return new RtspError('protocol', 'not a valid URL');
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'rtsp:' && scheme !== 'rtsps:') {
    return new RtspError('protocol', `unsupported URL scheme ${JSON.stringify(url.protocol)}`);
  }
  let credentials: Credentials | undefined;
  if (url.username !== '' || url.password !== '') {
    try {
      credentials = {
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      };
    } catch {
      credentials = { username: url.username, password: url.password };
    }
    url.username = '';
    url.password = '';
  }
  const secure = scheme === 'rtsps:';
  const port = url.port !== '' ? Number(url.port) : secure ? 322 : 554;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return credentials ? { url, secure, host, port, credentials } : { url, secure, host, port };
}

/** A URL string with any user info removed, safe to log. */
export function redactUrl(input: string | URL): string {
  try {
    const u = new URL(String(input));
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return String(input).replace(/\/\/[^@/]*@/, '//');
  }
}

/** Parses a Content-Base/Content-Location value; tolerates a missing scheme. */
export function parseBase(value: string, fallback: URL): URL | undefined {
  const v = value.trim();
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return new URL(v);
    // Seen in the field: "192.168.1.10:554/live/" or "/live/" without a scheme.
    if (v.startsWith('/')) return new URL(v, fallback);
    return new URL(`${fallback.protocol}//${v}`);
  } catch {
    return undefined;
  }
}

/**
 * Joins a control attribute to a base the non-RFC way of live555 and ffmpeg: `*` is the base
 * itself; an absolute URL stands alone; a path starting with `/` replaces the base's path;
 * anything else is appended to the base string with one `/` between (so a query in the base,
 * as in Dahua's `realmonitor?channel=1&subtype=0/`, stays in front of the control).
 */
export function joinControl(base: URL, control: string | undefined): URL | undefined {
  const c = control?.trim();
  if (c === undefined || c === '' || c === '*') return new URL(base.toString());
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(c)) {
      const u = new URL(c);
      u.username = '';
      u.password = '';
      return u;
    }
    if (c.startsWith('/')) return new URL(c, base);
    const s = base.toString();
    return new URL(s.endsWith('/') ? s + c : `${s}/${c}`);
  } catch {
    return undefined;
  }
}

/** Whether two URLs name the same resource, ignoring a trailing slash and case of scheme/host. */
export function sameResource(a: string, b: string): boolean {
  const norm = (s: string) => {
    try {
      const u = new URL(s);
      u.username = '';
      u.password = '';
      return u.toString().replace(/\/$/, '');
    } catch {
      return s.replace(/\/$/, '');
    }
  };
  return norm(a) === norm(b);
}

/**
 * A SessionGroup key for a URL: `server` groups by host:port (what a live555 server with the
 * stale-TCP bug needs), `url` by the URL without credentials.
 */
export function groupKey(url: string, by: 'server' | 'url'): string {
  const p = parseRtspUrl(url);
  if (p instanceof RtspError) return redactUrl(url);
  if (by === 'url') return p.url.toString();
  return `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;
}
