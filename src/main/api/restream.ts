// The restream routes of the HTTP API, over the same host commands as the Restream page:
// GET/PATCH /api/v1/restream (listener and on-demand timings, with the listener's status),
// POST /api/v1/restream/users {name, password, cameras?} -> 201, DELETE
// /api/v1/restream/users/{name} -> 204, PATCH it {password?, cameras?} (cameras null: all). Passwords are never returned.
import { COMMAND_SCHEMAS } from '../../shared/commands';
import type { Host } from '../host';
import { errorBody, statusOf } from './http';
import type { ApiRouter } from './router';

export const RestreamPatchBodySchema = COMMAND_SCHEMAS.updateRestream;
export const RestreamUserBodySchema = COMMAND_SCHEMAS.addRestreamUser;
export const RestreamUserPatchBodySchema = COMMAND_SCHEMAS.updateRestreamUser.omit({ name: true });

export function addRestreamRoutes(router: ApiRouter, host: Host): void {
  const view = () => {
    const r = host.store.state.restream;
    return { settings: r.settings, status: r.status, users: r.users };
  };

  router.add({ method: 'GET', path: '/api/v1/restream', handle: () => ({ status: 200, body: view() }) });

  router.add({
    method: 'PATCH',
    path: '/api/v1/restream',
    body: RestreamPatchBodySchema,
    async handle({ body }) {
      const r = await host.call('updateRestream', body);
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return { status: 200, body: view() };
    },
  });

  router.add({
    method: 'POST',
    path: '/api/v1/restream/users',
    body: RestreamUserBodySchema,
    async handle({ body }) {
      const r = await host.call('addRestreamUser', body);
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      const { name } = r.result as { name: string };
      return {
        status: 201,
        headers: { location: `/api/v1/restream/users/${encodeURIComponent(name)}` },
        body: host.store.state.restream.users.find((u) => u.name === name),
      };
    },
  });

  router.add({
    method: 'PATCH',
    path: '/api/v1/restream/users/{name}',
    body: RestreamUserPatchBodySchema,
    async handle({ params, body }) {
      const r = await host.call('updateRestreamUser', { ...body, name: params.name });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return { status: 200, body: host.store.state.restream.users.find((u) => u.name === params.name) };
    },
  });

  router.add({
    method: 'DELETE',
    path: '/api/v1/restream/users/{name}',
    async handle({ params }) {
      const r = await host.call('removeRestreamUser', { name: params.name });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return { status: 204 };
    },
  });
}
