// The OpenAPI 3.1 document served at GET /api/v1/openapi.json. The paths are written out here
// (a test checks them against the router both ways); request bodies are the very zod schemas
// the routes validate with, converted to JSON Schema, so the document cannot drift from them.
import { z } from 'zod';
import { CameraCreateBodySchema, CameraPatchBodySchema } from './cameras';
import { RestreamPatchBodySchema, RestreamUserBodySchema, RestreamUserPatchBodySchema } from './restream';
import type { ApiRouter } from './router';
import { CreateShareBodySchema } from './shares';

const schemaOf = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema?: unknown) => ({
  description,
  ...(schema ? { content: json(schema) } : {}),
});
const error = (description: string) => ({ description, content: json(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const bad = error('A field failed validation (nothing was changed): `error.field` names the first.');
const missing = error('No such camera or share.');

const PATHS = {
  '/api/v1/status': {
    get: {
      summary: 'Version, uptime, camera counts by state, relay state',
      responses: { 200: ok('Status', ref('Status')) },
    },
  },
  '/api/v1/cameras': {
    get: {
      summary: 'List cameras (URLs without credentials; passwords are never returned)',
      responses: { 200: ok('Cameras', { type: 'array', items: ref('Camera') }) },
    },
    post: {
      summary: 'Add a camera (validated and saved as the console does)',
      requestBody: { required: true, content: json(ref('CameraCreate')) },
      responses: {
        201: ok('Created; `Location` is its URL', ref('Camera')),
        400: bad,
        409: error('A camera of that name exists.'),
        413: error('Body too large.'),
        415: error('Not application/json.'),
      },
    },
  },
  '/api/v1/cameras/{id}': {
    parameters: [idParam],
    get: { summary: 'One camera', responses: { 200: ok('Camera', ref('Camera')), 404: missing } },
    put: {
      summary: 'Replace a camera (a left-out password keeps the saved one; "" deletes it)',
      requestBody: { required: true, content: json(ref('CameraCreate')) },
      responses: { 200: ok('Updated', ref('Camera')), 400: bad, 404: missing, 409: error('Name taken.') },
    },
    patch: {
      summary: 'Change some fields of a camera',
      requestBody: { required: true, content: json(ref('CameraPatch')) },
      responses: { 200: ok('Updated', ref('Camera')), 400: bad, 404: missing, 409: error('Name taken.') },
    },
    delete: { summary: 'Delete a camera', responses: { 204: ok('Deleted'), 404: missing } },
  },
  '/api/v1/cameras/{id}/shares': {
    parameters: [idParam],
    post: {
      summary: 'Create a share link of a camera (WebRTC viewer page and WHEP URL)',
      requestBody: { required: true, content: json(ref('ShareCreate')) },
      responses: { 201: ok('Created', ref('ShareCreated')), 400: bad, 404: missing },
    },
  },
  '/api/v1/shares': {
    get: {
      summary: 'Live share links with their viewers',
      responses: { 200: ok('Shares', { type: 'object', properties: { shares: { type: 'array' } } }) },
    },
  },
  '/api/v1/shares/{id}': {
    parameters: [idParam],
    delete: { summary: 'Revoke a share (its viewers end)', responses: { 204: ok('Revoked'), 404: missing } },
  },
  '/api/v1/restream': {
    get: {
      summary: 'The restream listener: settings (address, port, on-demand timings), status, users',
      responses: { 200: ok('Restream', ref('Restream')) },
    },
    patch: {
      summary: 'Change restream settings (the listener is re-bound first; a failure names the field)',
      requestBody: { required: true, content: json(ref('RestreamPatch')) },
      responses: {
        200: ok('Updated', ref('Restream')),
        400: error('A bad field, or a network address without any restream user.'),
        503: error('The port is in use.'),
      },
    },
  },
  '/api/v1/restream/users': {
    post: {
      summary: 'Add a restream user (all cameras, or `cameras`: a list of camera ids)',
      requestBody: { required: true, content: json(ref('RestreamUserCreate')) },
      responses: {
        201: ok('Created (the password is never returned)', ref('RestreamUser')),
        400: bad,
        404: error('A camera id in `cameras` does not exist.'),
        409: error('A user of that name exists.'),
      },
    },
  },
  '/api/v1/restream/users/{name}': {
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
    patch: {
      summary: 'Change a restream user: `password`, and/or `cameras` (null: every camera)',
      requestBody: { required: true, content: json(ref('RestreamUserPatch')) },
      responses: { 200: ok('Updated', ref('RestreamUser')), 400: bad, 404: error('No such user or camera.') },
    },
    delete: {
      summary: 'Remove a restream user',
      responses: {
        204: ok('Removed'),
        400: error('The last user of a listener on a network address.'),
        404: error('No such user.'),
      },
    },
  },
  '/api/v1/openapi.json': {
    get: { summary: 'This document', responses: { 200: ok('OpenAPI 3.1', { type: 'object' }) } },
  },
} as const;

const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error', 'issues'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          field: { type: 'string' },
          issues: { type: 'array', items: ref('FieldIssue') },
        },
      },
      issues: { type: 'array', items: ref('FieldIssue') },
    },
  },
  FieldIssue: {
    type: 'object',
    required: ['field', 'message'],
    properties: { field: { type: 'string' }, message: { type: 'string' } },
  },
  Camera: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string', description: 'without credentials' },
      username: { type: 'string' },
      hasPassword: { type: 'boolean' },
      transport: { enum: ['tcp', 'udp', 'auto'] },
      group: { type: 'string' },
      groupId: { type: 'string' },
      enabled: { type: 'boolean' },
      policies: { type: 'object' },
      status: {
        type: 'object',
        properties: {
          state: { enum: ['disabled', 'idle', 'connecting', 'waiting-stale', 'playing', 'backing-off'] },
        },
      },
      mode: {
        enum: ['always', 'on-demand'],
        description: 'on-demand: the camera session is open only while someone watches (and a grace period)',
      },
      restream: ref('CameraRestream'),
      fps: { type: ['number', 'null'] },
      bitrateKbps: { type: ['number', 'null'] },
      lostPackets: { type: ['number', 'null'] },
      streams: { type: 'array' },
    },
  },
  CameraRestream: {
    type: 'object',
    required: ['url', 'path', 'consumers'],
    properties: {
      url: {
        type: ['string', 'null'],
        description: 'rtsp://host:port/path without credentials; null while no restream listener runs',
      },
      path: { type: ['string', 'null'] },
      consumers: { type: 'array', items: ref('Consumer') },
    },
  },
  Consumer: {
    type: 'object',
    required: ['kind', 'address', 'transport', 'since', 'bytes', 'drops'],
    properties: {
      kind: { enum: ['restream', 'console', 'webrtc'] },
      address: { type: 'string' },
      transport: { type: 'string', description: 'rtsp/tcp, rtsp/udp, console, webrtc' },
      user: { type: 'string', description: 'the restream user, when the listener has users' },
      since: { type: 'number', description: 'ms since the epoch' },
      bytes: { type: 'number' },
      drops: { type: 'number', description: 'frames not sent to this consumer (it was too slow)' },
    },
  },
  Status: {
    type: 'object',
    properties: {
      version: { type: 'string' },
      platform: { type: 'string' },
      startedAt: { type: 'number' },
      uptimeSeconds: { type: 'integer' },
      cameras: { type: 'object' },
      relay: { type: 'object' },
      shares: { type: 'integer' },
    },
  },
  ShareCreated: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      url: { type: 'string' },
      whepUrl: { type: 'string' },
      expiresAt: { type: 'number' },
      iceServers: { type: 'array' },
    },
  },
  Restream: {
    type: 'object',
    properties: {
      settings: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          host: { type: 'string' },
          port: { type: 'integer' },
          graceSec: { type: 'integer' },
          firstFrameTimeoutSec: { type: 'integer' },
          tls: { type: 'boolean', description: 'serve rtsps:// only, with the console certificate' },
        },
      },
      status: {
        type: 'object',
        properties: {
          state: { enum: ['stopped', 'running', 'error'] },
          url: { type: 'string' },
          message: { type: 'string' },
        },
      },
      users: { type: 'array', items: ref('RestreamUser') },
    },
  },
  RestreamUser: {
    type: 'object',
    required: ['name', 'createdAt'],
    properties: {
      name: { type: 'string' },
      cameras: { type: 'array', items: { type: 'string' }, description: 'absent: every camera' },
      createdAt: { type: 'number' },
    },
  },
  RestreamPatch: schemaOf(RestreamPatchBodySchema),
  RestreamUserCreate: schemaOf(RestreamUserBodySchema),
  RestreamUserPatch: schemaOf(RestreamUserPatchBodySchema),
  CameraCreate: schemaOf(CameraCreateBodySchema),
  CameraPatch: schemaOf(CameraPatchBodySchema),
  ShareCreate: schemaOf(CreateShareBodySchema),
};

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'camrelay HTTP API',
      version,
      description:
        'Send the console token as `Authorization: Bearer <token>` (DATA_DIR/ui-token). JSON in and out.',
    },
    security: [{ bearer: [] }],
    paths: PATHS,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: SCHEMAS,
    },
  };
}

export function addOpenApiRoute(router: ApiRouter, version: string): void {
  const doc = openApiDocument(version);
  router.add({ method: 'GET', path: '/api/v1/openapi.json', handle: () => ({ status: 200, body: doc }) });
}
