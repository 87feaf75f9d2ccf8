// Writes the console's CSP (src/shared/csp.ts) into index.html as a <meta> tag, so the page
// carries the same policy however it is served. A build gets the strict production policy. The
// dev server (`npm run dev`) gets the development policy, which allows exactly the inline
// scripts in the page by their SHA-256 (@vitejs/plugin-react's refresh preamble), since a strict
// 'self' would block them and leave a blank window.
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META, developmentContentSecurityPolicy } from '../../shared/csp';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(?:^|\s)src\s*=/i;
const CSP_META = /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>\s*/gi;

/** The CSP source for one inline script's text, as a browser hashes it. */
export function scriptHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The texts of the page's inline (not src=) scripts, in order. */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const [, attrs = '', body = ''] = match;
    if (!HAS_SRC.test(attrs) && body.trim() !== '') out.push(body);
  }
  return out;
}

export type CspMode = { kind: 'build' } | { kind: 'dev'; hmrOrigin?: string };

/** The policy for a page in this mode. */
export function pagePolicy(html: string, mode: CspMode): string {
  if (mode.kind === 'build') return CONTENT_SECURITY_POLICY_META;
  return developmentContentSecurityPolicy({
    inlineScriptHashes: inlineScripts(html).map(scriptHash),
    ...(mode.hmrOrigin ? { hmrOrigin: mode.hmrOrigin } : {}),
  });
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * The page with any CSP <meta> it had replaced by ours, at the top of <head> so that it governs
 * every script after it. A build with inline scripts is refused: production allows none.
 */
export function withCspMeta(html: string, mode: CspMode): string {
  if (mode.kind === 'build' && inlineScripts(html).length > 0) {
    throw new Error('index.html has an inline script, which the production CSP forbids: move it to a file');
  }
  const stripped = html.replace(CSP_META, '');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(pagePolicy(stripped, mode))}" />`;
  // After <meta charset> when there is one (it must come first), else right after <head>.
  const anchor = /<meta\s+charset\b[^>]*>/i.exec(stripped) ?? /<head\b[^>]*>/i.exec(stripped);
  if (!anchor) throw new Error('index.html has no <head>: cannot place the CSP meta tag');
  const at = anchor.index + anchor[0].length;
  return `${stripped.slice(0, at)}\n    ${meta}${stripped.slice(at)}`;
}

/** The Vite plugin: runs last, after every other plugin has added its tags. */
export function cspMetaPlugin(): Plugin {
  let mode: CspMode = { kind: 'build' };
  return {
    name: 'camrelay:csp-meta',
    configResolved(config) {
      if (config.command !== 'serve') return;
      const hmr = typeof config.server.hmr === 'object' ? config.server.hmr : {};
      const host = hmr.host ?? (typeof config.server.host === 'string' ? config.server.host : 'localhost');
      const port = hmr.clientPort ?? hmr.port;
      mode = { kind: 'dev', hmrOrigin: port ? `ws://${host}:${port}` : `ws://${host}:*` };
    },
    transformIndexHtml: { order: 'post', handler: (html) => withCspMeta(html, mode) },
  };
}
