// A small router for /api/v1: (method, path pattern) -> handler. It answers every /api/ path
// itself, so a caller never gets the console's HTML: an unknown path is a JSON 404, a known
// path with another method a JSON 405 with `Allow`. Bodies are bounded JSON, validated by the
// route's zod schema before the handler runs (a bad field -> 400 {error, issues}).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { invalidArgument, zodIssues } from '../commands/dispatch';
import { errorBody, readJsonBody, sendJson } from './http';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest<B> {
  req: IncomingMessage;
  /** Path parameters by name, decoded (`{id}` in the pattern). */
  params: Record<string, string>;
  body: B;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec<S extends z.ZodType | undefined> {
  method: Method;
  /** `/api/v1/cameras/{id}`: literal segments and whole-segment `{name}` parameters. */
  path: string;
  /** The JSON body's schema; routes without one take no body. */
  body?: S;
  handle(r: ApiRequest<S extends z.ZodType ? z.output<S> : undefined>): Promise<ApiResponse> | ApiResponse;
}

interface CompiledRoute {
  method: Method;
  path: string;
  segments: string[];
  body: z.ZodType | undefined;
  handle(r: ApiRequest<unknown>): Promise<ApiResponse> | ApiResponse;
}

/** Matches a pattern's segments against a path's; the parameters, or undefined. */
function match(segments: string[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const p = parts[i]!;
    if (s.startsWith('{') && s.endsWith('}')) {
      if (p === '') return undefined;
      let value: string;
      try {
        value = decodeURIComponent(p);
      } catch {
        return undefined; // a malformed %-escape: no such resource
      }
      params[s.slice(1, -1)] = value;
    } else if (s !== p) return undefined;
  }
  return params;
}

export class ApiRouter {
  readonly #routes: CompiledRoute[] = [];

  add<S extends z.ZodType | undefined = undefined>(spec: RouteSpec<S>): this {
    if (this.#routes.some((r) => r.method === spec.method && r.path === spec.path))
      throw new Error(`route ${spec.method} ${spec.path} is registered twice`);
    this.#routes.push({
      method: spec.method,
      path: spec.path,
      segments: spec.path.split('/'),
      body: spec.body,
      handle: spec.handle as CompiledRoute['handle'],
    });
    return this;
  }

  /** Every (method, path pattern) known, for the OpenAPI document and its test. */
  list(): { method: Method; path: string }[] {
    return this.#routes.map((r) => ({ method: r.method, path: r.path }));
  }

  /** Answers the request (any path under /api/). Always answers: true. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const parts = pathname.split('/');
    const candidates: { route: CompiledRoute; params: Record<string, string> }[] = [];
    for (const route of this.#routes) {
      const params = match(route.segments, parts);
      if (params) candidates.push({ route, params });
    }
    if (candidates.length === 0) {
      sendJson(res, 404, { error: { code: 'not-found', message: `no API route ${pathname}` }, issues: [] });
      return true;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const hit = candidates.find((c) => c.route.method === method);
    if (!hit) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      sendJson(
        res,
        405,
        {
          error: { code: 'method-not-allowed', message: `${req.method} is not allowed here; use ${allow}` },
          issues: [],
        },
        { allow },
      );
      return true;
    }
    let body: unknown;
    if (hit.route.body) {
      const read = await readJsonBody(req);
      if (!read.ok) {
        sendJson(res, read.status, errorBody(read.error));
        return true;
      }
      const parsed = hit.route.body.safeParse(read.value);
      if (!parsed.success) {
        sendJson(res, 400, errorBody(invalidArgument(zodIssues(parsed.error))));
        return true;
      }
      body = parsed.data;
    }
    const out = await hit.route.handle({ req, params: hit.params, body });
    sendJson(res, out.status, req.method === 'HEAD' ? undefined : out.body, out.headers);
    return true;
  }
}
