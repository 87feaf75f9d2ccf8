// The renderer is served from camrelay://app/, a privileged custom scheme, not file://: a page
// there is a secure context (WebCodecs, crypto.subtle), gets the CSP as a response header (which
// file:// pages never get), and has an origin of its own that IPC can check. Files come only from
// the built renderer directory; a path that would leave it is refused.
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { ShellElectron, ShellFrame } from './electron-api';

export const APP_SCHEME = 'camrelay';
const APP_HOST = 'app';
/** Where the window loads the console in a build. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready (Electron's rule for registerSchemesAsPrivileged). */
export function registerAppScheme(
  protocol: Pick<ShellElectron['protocol'], 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** `scheme://host` of a URL, or undefined when it has none (Node gives non-special schemes origin 'null'). */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

/** Which pages are the app: everything under one origin (the app scheme, or the dev server). */
export class AppOrigin {
  readonly origin: string;
  constructor(readonly entryUrl: string) {
    const origin = originOf(entryUrl);
    if (!origin) throw new Error(`the renderer URL ${entryUrl} has no origin`);
    this.origin = origin;
  }

  isAppUrl(url: string): boolean {
    return originOf(url) === this.origin;
  }

  /** A top-level frame showing the app: the only frame IPC handlers answer. */
  isAppFrame(frame: ShellFrame | null | undefined): boolean {
    return !!frame && frame.parent === null && frame.origin === this.origin && this.isAppUrl(frame.url);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppRequestHandlerOptions {
  /** The built renderer directory (may be inside app.asar). */
  root: string;
  /** Sent with every file: documents and workers take their policy from their own response. */
  contentSecurityPolicy: string;
  readFile?: (path: string) => Promise<Uint8Array>;
}

/**
 * The file a request path names inside root, or undefined when it names nothing there: bad
 * percent-encoding, NUL, backslashes (a separator on Windows), or a path that resolves outside.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(base, relative);
  return full.startsWith(base + sep) ? full : undefined;
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export function createAppRequestHandler(
  options: AppRequestHandlerOptions,
): (request: Request) => Promise<Response> {
  const read = options.readFile ?? fsReadFile;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return text(400, 'bad URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return text(404, 'not found');
    const path = resolveInside(options.root, url.pathname);
    if (!path) return text(404, 'not found');
    let body: Uint8Array;
    try {
      body = await read(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR'
        ? text(404, 'not found')
        : text(500, 'read error');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': options.contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}
