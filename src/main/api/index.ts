// The documented HTTP API (/api/v1) of the headless console: one router with the camera,
// status, share, restream and OpenAPI routes. The server authenticates before calling it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Host } from '../host';
import { addCameraRoutes } from './cameras';
import { addOpenApiRoute } from './openapi';
import { addRestreamRoutes } from './restream';
import { ApiRouter } from './router';
import { addShareRoutes } from './shares';
import { addStatusRoute } from './status';

export function createApiRouter(host: Host, o: { secure: boolean }): ApiRouter {
  const router = new ApiRouter();
  addStatusRoute(router, host);
  addCameraRoutes(router, host);
  addShareRoutes(router, host, o);
  addRestreamRoutes(router, host);
  addOpenApiRoute(router, host.store.state.app.version);
  return router;
}

/** The `apiRoutes` option of startHeadlessServer. */
export function createApi(
  host: Host,
  o: { secure: boolean },
): (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean> {
  const router = createApiRouter(host, o);
  return (req, res, pathname) => router.handle(req, res, pathname);
}
