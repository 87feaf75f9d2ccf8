// The answer to a request without a valid token or session: says where the token is, holds no
// secret and no path of this host (the visitor is not authenticated), and is plain HTML that
// works without scripts or styles (the CSP forbids inline ones).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOKEN_FILE } from './token';

const HINT =
  `This camrelay console needs its access token. Open the address camrelay printed when it ` +
  `started (the line "camrelay console: http://…/?token=…"), or add ?token=<token> to this ` +
  `address, where <token> is the content of the file ${TOKEN_FILE} in camrelay's data ` +
  `directory (--data-dir; by default ~/.local/share/camrelay/${TOKEN_FILE}).`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access token needed · camrelay</title>
</head>
<body>
<main>
<h1>Access token needed</h1>
<p>This camrelay console needs its access token.</p>
<p>Open the address camrelay printed when it started, the line that begins with
<code>camrelay console:</code> and ends with <code>?token=…</code>.</p>
<p>Or add <code>?token=</code> followed by the token to this address. The token is the content
of the file <code>${TOKEN_FILE}</code> in camrelay's data directory (the <code>--data-dir</code>
option; by default <code>~/.local/share/camrelay/${TOKEN_FILE}</code>). Only the account that runs
camrelay can read it.</p>
<p>Scripts send the token as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
</main>
</body>
</html>
`;

export function sendUnauthorized(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  const html = req.headers.accept?.includes('text/html') === true;
  res.writeHead(401, {
    'content-type': html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'www-authenticate': 'Bearer realm="camrelay"',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : html ? PAGE : `401 Unauthorized. ${HINT}\n`);
}

/** The API's 401: JSON, with the same hint (a script reads it, not a person at a browser). */
export function sendApiUnauthorized(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(401, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'www-authenticate': 'Bearer realm="camrelay"',
  });
  res.end(JSON.stringify({ error: { code: 'unauthorized', message: HINT }, issues: [] }));
}

/** An /api/ path no route answers (or no API mounted): JSON, never the console's page. */
export function sendApiNotFound(
  res: ServerResponse,
  pathname: string,
  headers: Record<string, string>,
): void {
  res.writeHead(404, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: { code: 'not-found', message: `no API route ${pathname}` }, issues: [] }));
}
