// The HTTP edges of the /api/v1 router: JSON answers, bounded JSON bodies, and the mapping of
// a host command's typed error to a status code. Nothing here knows a route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandError } from '../../shared/errors';

/** No API body is bigger than this (a camera with every field at its maximum is ~2 KiB). */
export const MAX_BODY_BYTES = 16 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: CommandError };

/**
 * Reads a JSON body of at most MAX_BODY_BYTES. Only `application/json` is accepted: a page of
 * another site cannot send that without a CORS preflight, which this API never grants.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    return { ok: false, status: 415, error: { code: 'invalid-argument', message: 'send application/json' } };
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) return tooLarge();
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text || '{}') };
  } catch (err) {
    return {
      ok: false,
      status: 400,
      error: { code: 'invalid-argument', message: `the body is not JSON: ${(err as Error).message}` },
    };
  }
}

function tooLarge(): BodyResult {
  return {
    ok: false,
    status: 413,
    error: { code: 'invalid-argument', message: `the body is larger than ${MAX_BODY_BYTES} bytes` },
  };
}

/** The status a host command's error is answered with. */
export function statusOf(error: CommandError): number {
  switch (error.code) {
    case 'invalid-argument':
    case 'unknown-command':
      return 400;
    case 'not-found':
      return 404;
    case 'already-exists':
      return 409;
    case 'port-in-use':
    case 'unavailable':
      return 503;
    case 'failed':
    case 'internal':
      return 500;
  }
}

/** `{error, issues}`: the error of the command, and every offending field at top level too. */
export function errorBody(error: CommandError): { error: CommandError; issues: CommandError['issues'] } {
  return {
    error,
    issues: error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : []),
  };
}
