// The share-link part of the documented HTTP API (/api/v1), over the same host commands as
// the console: POST /api/v1/cameras/{id}/shares {ttlSeconds, label?} -> 201, GET
// /api/v1/shares, DELETE /api/v1/shares/{id} -> 204. Absolute URLs are made from the origin
// the caller used.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandResponse } from '../../shared/errors';
import type { ShareView } from '../../shared/shares';
import type { Host } from '../host';

const MAX_BODY = 16 * 1024;

function json(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store' });
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function failure(res: ServerResponse, r: Extract<CommandResponse<unknown>, { ok: false }>): void {
  const status = r.error.code === 'not-found' ? 404 : r.error.code === 'invalid-argument' ? 400 : 500;
  json(res, status, { error: r.error });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

function originOf(req: IncomingMessage, secure: boolean): string {
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
}

export function createSharesApi(host: Host, o: { secure: boolean }) {
  const withUrls = (req: IncomingMessage, s: Pick<ShareView, 'path' | 'whepPath'>) => {
    const origin = originOf(req, o.secure);
    return { url: origin + s.path, whepUrl: origin + s.whepPath };
  };

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const create = /^\/api\/v1\/cameras\/([^/]+)\/shares$/.exec(pathname);
    if (create) {
      if (req.method !== 'POST') {
        json(res, 405, { error: { code: 'method', message: 'POST only' } });
        return true;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        json(res, 415, { error: { code: 'invalid-argument', message: 'send application/json' } });
        return true;
      }
      const body = await readJson(req);
      if (typeof body !== 'object' || body === null) {
        json(res, 400, { error: { code: 'invalid-argument', message: 'the body is not a JSON object' } });
        return true;
      }
      const r = await host.call('createShare', { ...body, cameraId: decodeURIComponent(create[1]!) });
      if (!r.ok) {
        failure(res, r);
        return true;
      }
      const made = r.result as { id: string; path: string; whepPath: string; expiresAt: number };
      const share = host.shares.registry.byId(made.id);
      const server = share
        ? host.shares.iceServer(share, (req.headers.host ?? '127.0.0.1').replace(/:\d+$/, ''))
        : undefined;
      json(res, 201, {
        id: made.id,
        ...withUrls(req, made),
        expiresAt: made.expiresAt,
        iceServers: server ? [server] : [],
      });
      return true;
    }
    if (pathname === '/api/v1/shares') {
      if (req.method !== 'GET') {
        json(res, 405, { error: { code: 'method', message: 'GET only' } });
        return true;
      }
      const shares = Object.values(host.store.state.shares).map((s) => ({ ...s, ...withUrls(req, s) }));
      json(res, 200, { shares });
      return true;
    }
    const one = /^\/api\/v1\/shares\/([^/]+)$/.exec(pathname);
    if (one) {
      if (req.method !== 'DELETE') {
        json(res, 405, { error: { code: 'method', message: 'DELETE only' } });
        return true;
      }
      const r = await host.call('revokeShare', { id: decodeURIComponent(one[1]!) });
      if (!r.ok) {
        failure(res, r);
        return true;
      }
      json(res, 204);
      return true;
    }
    return false;
  };
}
