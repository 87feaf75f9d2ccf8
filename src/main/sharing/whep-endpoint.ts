// The public side of share links, reachable without the console token (the link's token is
// the capability): WHEP (draft-ietf-wish-whep) at /whep/<token>, the viewer page at
// /s/<token> with exactly the assets it references, and a small JSON description of the share
// for the page. Unknown, revoked or expired tokens get 404 and nothing else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { SHARE_PATH_PREFIX, WHEP_PATH_PREFIX } from '../../shared/shares';
import {
  linkHeaders,
  MAX_FRAGMENT,
  parseTrickleFragment,
  type Share,
  WebRtcError,
  type WebRtcSender,
} from '../webrtc';
import type { ShareService } from './share-service';

export interface PublicFiles {
  get(path: string): Promise<{ body: Buffer; type: string; immutable: boolean } | undefined>;
}

export interface ShareRoutesOptions {
  shares: ShareService;
  sender: WebRtcSender;
  files: PublicFiles;
  /**
   * An offer to a camera that sends nothing yet (an idle on-demand camera): connects it and
   * resolves once it sent a key frame, or with the reason it did not.
   */
  prepare?: (cameraId: string) => Promise<string | undefined>;
}

const MAX_OFFER = 64 * 1024;
const TRICKLE_TYPE = 'application/trickle-ice-sdpfrag';
const VIEWER_HTML = '/viewer.html';

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, if-match',
  'access-control-expose-headers': 'location, link, etag',
  'access-control-max-age': '600',
};

const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

function text(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...CORS,
    ...extra,
  });
  res.end(`${body}\n`);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The host name the viewer used, for TURN URLs of wildcard listeners. */
function requestHost(req: IncomingMessage): string {
  const h = req.headers.host ?? '127.0.0.1';
  const m = /^\[([^\]]+)\]|^([^:]+)/.exec(h);
  return m?.[1] ?? m?.[2] ?? '127.0.0.1';
}

export function createShareRoutes(o: ShareRoutesOptions) {
  // URL path -> file: the viewer's own assets only. The build references them relative
  // (./assets/x), so from /s/<token> they are asked for as /s/assets/x.
  let viewerAssets: Map<string, string> | undefined;

  const assetsOfViewer = async (): Promise<Map<string, string>> => {
    const html = await o.files.get(VIEWER_HTML);
    const out = new Map<string, string>();
    for (const m of html?.body.toString('utf8').matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/g) ?? []) {
      out.set(m[1]!, m[1]!);
      out.set(`${SHARE_PATH_PREFIX.slice(0, -1)}${m[1]!}`, m[1]!);
    }
    viewerAssets = out;
    return out;
  };

  const linkFor = (share: Share, req: IncomingMessage): string[] => {
    const server = o.shares.iceServer(share, requestHost(req));
    return server ? linkHeaders(server) : [];
  };

  const whep = async (req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> => {
    const [token = '', session, extra] = rest.split('/');
    const share = o.shares.registry.byToken(token);
    if (req.method === 'OPTIONS' && share && session === undefined) {
      res.writeHead(204, { ...CORS, 'accept-post': 'application/sdp', link: linkFor(share, req) });
      res.end();
      return;
    }
    if (!share || extra !== undefined)
      return text(res, 404, 'no such share (the link is wrong, expired or revoked)');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (session !== undefined) {
      if (req.method !== 'DELETE' && req.method !== 'PATCH')
        return text(res, 405, 'method not allowed', { allow: 'PATCH, DELETE, OPTIONS' });
      const viewer = o.sender.viewers().find((v) => v.id === session && v.tag === share.id);
      if (!viewer) return text(res, 404, 'no such session');
      if (req.method === 'PATCH') return trickle(req, res, session);
      o.sender.end(session);
      res.writeHead(200, CORS);
      res.end();
      return;
    }
    if (req.method === 'GET') {
      const server = o.shares.iceServer(share, requestHost(req));
      const note = o.sender.audioNote(share.cameraId);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...CORS });
      res.end(
        JSON.stringify({
          label: share.label,
          expiresAt: share.expiresAt,
          live: o.sender.canServe(share.cameraId),
          iceServers: server ? [server] : [],
          ...(note ? { audioNote: note } : {}),
        }),
      );
      return;
    }
    if (req.method !== 'POST') return text(res, 405, 'method not allowed', { allow: 'GET, POST, OPTIONS' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/sdp') return text(res, 415, 'the offer must be application/sdp');
    const offer = await readBody(req, MAX_OFFER);
    if (offer === undefined) return text(res, 413, 'the offer is larger than 64 KiB');
    if (o.prepare && !o.sender.canServe(share.cameraId)) {
      const why = await o.prepare(share.cameraId);
      if (why !== undefined) return text(res, 503, why.toLowerCase(), { 'retry-after': '2' });
    }
    try {
      const { id, answer } = await o.sender.open(share.cameraId, offer, share.id);
      // The share may have ended while the answer was being made.
      if (!o.shares.registry.byToken(token)) {
        o.sender.end(id);
        return text(res, 404, 'no such share (the link expired or was revoked)');
      }
      res.writeHead(201, {
        'content-type': 'application/sdp',
        location: `${WHEP_PATH_PREFIX}${token}/${id}`,
        'accept-patch': TRICKLE_TYPE,
        link: linkFor(share, req),
        'cache-control': 'no-store',
        ...CORS,
      });
      res.end(answer);
    } catch (err) {
      if (!(err instanceof WebRtcError)) throw err;
      const status = err.code === 'bad-offer' ? 400 : 503;
      text(res, status, err.message, status === 503 ? { 'retry-after': '2' } : {});
    }
  };

  // Trickle ICE: the viewer's candidates after the offer (RFC 9725 4.3.1, as WHEP uses it).
  const trickle = async (req: IncomingMessage, res: ServerResponse, session: string): Promise<void> => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== TRICKLE_TYPE) return text(res, 415, `candidates must be ${TRICKLE_TYPE}`);
    const body = await readBody(req, MAX_FRAGMENT);
    if (body === undefined) return text(res, 413, 'the fragment is larger than 16 KiB');
    const parsed = parseTrickleFragment(body);
    if (!parsed.ok) return text(res, 400, parsed.reason);
    const outcome = o.sender.addRemoteCandidates(session, parsed.fragment);
    if (outcome === 'no-session') return text(res, 404, 'no such session');
    if (outcome === 'restart') return text(res, 422, 'ICE restarts are not supported: start a new session');
    if (outcome === 'bad-mid') return text(res, 400, 'a candidate names an m-section the offer did not have');
    res.writeHead(204, CORS);
    res.end();
  };

  const page = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return text(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    const file = await o.files.get(path);
    if (!file) return text(res, 404, 'not found');
    if (path === VIEWER_HTML) await assetsOfViewer();
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': file.body.length,
      ...PAGE_HEADERS,
      ...(file.immutable ? { 'cache-control': 'public, max-age=31536000, immutable' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  return {
    /** Handles the request when it is one of the public share routes; false otherwise. */
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (pathname.startsWith(WHEP_PATH_PREFIX)) {
        await whep(req, res, pathname.slice(WHEP_PATH_PREFIX.length));
        return true;
      }
      if (pathname.startsWith(SHARE_PATH_PREFIX) && !pathname.slice(SHARE_PATH_PREFIX.length).includes('/')) {
        await page(req, res, VIEWER_HTML);
        return true;
      }
      const asset = (viewerAssets ?? (await assetsOfViewer())).get(pathname);
      if (asset !== undefined) {
        await page(req, res, asset);
        return true;
      }
      return false;
    },
  };
}
