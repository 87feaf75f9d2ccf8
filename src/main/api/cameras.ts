// The camera routes of the HTTP API. Every change goes through the host command the console
// sends (addCamera, updateCamera, deleteCamera), so the API validates and saves exactly as the
// console does; the body schemas here are the shared CameraInputSchema with defaults for the
// fields a script may leave out. A saved password is never returned (`hasPassword` says if
// there is one), and URLs are answered without credentials.
import { type CameraView, DEFAULT_POLICIES } from '../../shared/cameras';
import { type RestreamView, restreamUrl } from '../../shared/restream';
import { CameraInputSchema } from '../../shared/schemas';
import type { Host } from '../host';
import { errorBody, statusOf } from './http';
import type { ApiResponse, ApiRouter } from './router';

const field = CameraInputSchema.shape;

/** POST and PUT: a whole camera; what is left out takes the console's defaults. */
export const CameraCreateBodySchema = CameraInputSchema.extend({
  username: field.username.default(''),
  transport: field.transport.default('tcp'),
  group: field.group.default(''),
  enabled: field.enabled.default(true),
  policies: field.policies.default(DEFAULT_POLICIES),
});

/** PATCH: any subset of the fields; the rest keep their saved values. */
export const CameraPatchBodySchema = CameraInputSchema.partial();

/** An RTSP URL with any user-info removed (the service already stores them without it). */
export function withoutCredentials(url: string): string {
  return url.replace(/^(rtsps?:\/\/)[^/?#]*@/i, '$1');
}

/** The camera's restream: its URL (null while no listener runs), path and consumers. */
export function apiRestream(id: string, r: RestreamView | undefined) {
  const path = r?.paths[id] ?? null;
  return {
    url: r && path !== null ? (restreamUrl(r.status, path) ?? null) : null,
    path,
    consumers: r?.consumers[id] ?? [],
  };
}

export function apiCamera(v: CameraView, restream?: RestreamView) {
  return {
    id: v.id,
    name: v.name,
    url: withoutCredentials(v.url),
    username: v.username,
    hasPassword: v.hasPassword,
    transport: v.transport,
    group: v.group,
    groupId: v.groupId,
    enabled: v.enabled,
    policies: v.policies,
    mode: v.mode,
    status: v.status,
    fps: v.figures?.fps ?? null,
    bitrateKbps: v.figures?.kbps ?? null,
    lostPackets: v.figures?.lostPackets ?? null,
    streams: v.streams,
    restream: apiRestream(v.id, restream),
  };
}

const notFound = (id: string): ApiResponse => ({
  status: 404,
  body: errorBody({ code: 'not-found', field: 'id', message: `no camera with id ${id}` }),
});

export function addCameraRoutes(router: ApiRouter, host: Host): void {
  const view = (id: string) => host.store.state.cameras[id];
  const answer = (id: string, status: number): ApiResponse => {
    const v = view(id);
    return v ? { status, body: apiCamera(v, host.store.state.restream) } : notFound(id);
  };

  router.add({
    method: 'GET',
    path: '/api/v1/cameras',
    handle: () => ({
      status: 200,
      body: Object.values(host.store.state.cameras).map((v) => apiCamera(v, host.store.state.restream)),
    }),
  });

  router.add({
    method: 'GET',
    path: '/api/v1/cameras/{id}',
    handle: ({ params }) => answer(params.id!, 200),
  });

  router.add({
    method: 'POST',
    path: '/api/v1/cameras',
    body: CameraCreateBodySchema,
    async handle({ body }) {
      const r = await host.call('addCamera', body);
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      const { id } = r.result as { id: string };
      const out = answer(id, 201);
      return { ...out, headers: { location: `/api/v1/cameras/${encodeURIComponent(id)}` } };
    },
  });

  // PUT replaces the camera's fields (a left-out password keeps the saved one: GET never shows
  // it, so a GET-edit-PUT round trip must not erase it; send "" to delete it).
  router.add({
    method: 'PUT',
    path: '/api/v1/cameras/{id}',
    body: CameraCreateBodySchema,
    async handle({ params, body }) {
      const r = await host.call('updateCamera', { ...body, id: params.id });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return answer(params.id!, 200);
    },
  });

  router.add({
    method: 'PATCH',
    path: '/api/v1/cameras/{id}',
    body: CameraPatchBodySchema,
    async handle({ params, body }) {
      const current = view(params.id!);
      if (!current) return notFound(params.id!);
      const merged = {
        name: current.name,
        url: current.url,
        username: current.username,
        transport: current.transport,
        group: current.group,
        enabled: current.enabled,
        policies: current.policies,
        mode: current.mode,
        ...body,
        id: params.id,
      };
      const r = await host.call('updateCamera', merged);
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return answer(params.id!, 200);
    },
  });

  router.add({
    method: 'DELETE',
    path: '/api/v1/cameras/{id}',
    async handle({ params }) {
      const r = await host.call('deleteCamera', { id: params.id });
      if (!r.ok) return { status: statusOf(r.error), body: errorBody(r.error) };
      return { status: 204 };
    },
  });
}
