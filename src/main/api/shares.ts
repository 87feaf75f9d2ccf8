// The share-link routes of the HTTP API, over the same host commands as the console:
// POST /api/v1/cameras/{id}/shares {ttlSeconds, label?} -> 201, GET /api/v1/shares,
// DELETE /api/v1/shares/{id} -> 204. Absolute URLs are made from the origin the caller used.
import type { IncomingMessage } from 'node:http';
import { COMMAND_SCHEMAS } from '../../shared/commands';
import type { ShareView } from '../../shared/shares';
import type { Host } from '../host';
import { errorBody, statusOf } from './http';
import type { ApiRouter } from './router';

/** The body of POST /api/v1/cameras/{id}/shares: the command's arguments less the path's id. */
export const CreateShareBodySchema = COMMAND_SCHEMAS.createShare.omit({ cameraId: true });

function originOf(req: IncomingMessage, secure: boolean): string {
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? '127.0.0.1'}`;
}

export function addShareRoutes(router: ApiRouter, host: Host, o: { secure: boolean }): void {
  const withUrls = (req: IncomingMessage, s: Pick<ShareView, 'path' | 'whepPath'>) => {
    const origin = originOf(req, o.secure);
    return { url: origin + s.path, whepUrl: origin + s.whepPath };
  };

  router.add({
    method: 'POST',
    path: '/api/v1/cameras/{id}/shares',
    body: CreateShareBodySchema,
    async handle({ req, params, body }) {
      const r = await host.call('createShare', { ...body, cameraId: params.id });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      const made = r.result as { id: string; path: string; whepPath: string; expiresAt: number };
      const share = host.shares.registry.byId(made.id);
      const server = share
        ? host.shares.iceServer(share, (req.headers.host ?? '127.0.0.1').replace(/:\d+$/, ''))
        : undefined;
      return {
        status: 201,
        headers: { location: `/api/v1/shares/${encodeURIComponent(made.id)}` },
        body: {
          id: made.id,
          ...withUrls(req, made),
          expiresAt: made.expiresAt,
          iceServers: server ? [server] : [],
        },
      };
    },
  });

  router.add({
    method: 'GET',
    path: '/api/v1/shares',
    handle({ req }) {
      const shares = Object.values(host.store.state.shares).map((s) => ({ ...s, ...withUrls(req, s) }));
      return { status: 200, body: { shares } };
    },
  });

  router.add({
    method: 'DELETE',
    path: '/api/v1/shares/{id}',
    async handle({ params }) {
      const r = await host.call('revokeShare', { id: params.id });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return { status: 204 };
    },
  });
}
