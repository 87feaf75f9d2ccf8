// The console's Content-Security-Policy, the one source for every place that applies it: the
// Electron app scheme's response header, the headless server's header, and the <meta> tag the
// renderer build writes into index.html. Scripts, styles and connections only from the app
// itself; no plugins, frames or forms.

type Directives = ReadonlyArray<readonly [name: string, ...sources: string[]]>;

const PRODUCTION: Directives = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self'", 'data:', 'blob:'],
  ['media-src', "'self'", 'blob:'],
  ['connect-src', "'self'"],
  ['worker-src', "'self'", 'blob:'],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a <meta> policy may not carry (browsers ignore them there, with a warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function serialize(directives: Directives, { meta }: { meta: boolean }): string {
  return directives
    .filter(([name]) => !meta || !HEADER_ONLY.has(name))
    .map((d) => d.join(' '))
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = serialize(PRODUCTION, { meta: false });

/** The production policy in the form a <meta http-equiv> tag may carry. */
export const CONTENT_SECURITY_POLICY_META = serialize(PRODUCTION, { meta: true });

export interface DevelopmentPolicyOptions {
  /** 'sha256-…' sources of the inline scripts the dev server puts in the page (React refresh). */
  inlineScriptHashes: readonly string[];
  /** The dev server's websocket origin for hot reload, e.g. ws://localhost:5173. */
  hmrOrigin?: string;
}

/**
 * The policy of `npm run dev` only: the production one plus exactly the inline scripts the dev
 * server injects (by hash, never 'unsafe-inline' for scripts), the inline <style> elements Vite
 * uses for hot CSS, and the hot-reload websocket. Never used by a build.
 */
export function developmentContentSecurityPolicy(options: DevelopmentPolicyOptions): string {
  const hashes = options.inlineScriptHashes.map((h) => `'${h}'`);
  const dev: Directives = PRODUCTION.map(([name, ...sources]) => {
    if (name === 'script-src') return [name, ...sources, ...hashes];
    if (name === 'style-src') return [name, ...sources, "'unsafe-inline'"];
    if (name === 'connect-src' && options.hmrOrigin) return [name, ...sources, options.hmrOrigin];
    return [name, ...sources];
  });
  return serialize(dev, { meta: true });
}
