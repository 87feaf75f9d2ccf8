// Camera URL handling: credentials pasted into a URL are taken out (they are stored as a
// secret, never in the config or the state), and the group key of a URL is derived here.

export interface SplitUrl {
  url: string;
  username?: string;
  password?: string;
}

import { CommandFailure } from '../../shared/errors';

function decodeUserinfo(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // The shared schema refuses this already; a direct caller still gets a field error.
    const message = `the ${what} in the URL has a broken %-escape; write a literal % as %25`;
    throw new CommandFailure({
      code: 'invalid-argument',
      field: 'url',
      message,
      issues: [{ field: 'url', message }],
    });
  }
}

/** `rtsp://user:pass@host/path` -> url without credentials, plus the decoded credentials. */
export function splitCredentials(raw: string): SplitUrl {
  const url = new URL(raw.trim());
  const username = url.username ? decodeUserinfo(url.username, 'user name') : undefined;
  const password = url.password ? decodeUserinfo(url.password, 'password') : undefined;
  url.username = '';
  url.password = '';
  return {
    url: url.toString(),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** `host:port` of an RTSP URL, with the scheme's default port. */
export function serverKey(rawUrl: string): string {
  const url = new URL(rawUrl);
  const port = url.port || (url.protocol === 'rtsps:' ? '322' : '554');
  return `${url.hostname}:${port}`;
}
