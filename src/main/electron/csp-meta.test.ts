// The CSP <meta> of the console page: strict and from the one source in a build; in `npm run dev`
// it lets exactly the dev server's inline scripts run. The dev case runs the real Vite dev server
// with @vitejs/plugin-react and loads it in Chromium, where a blocked script would be reported.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { type Browser, chromium } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../shared/csp';
import { cspMetaPlugin, inlineScripts, scriptHash, withCspMeta } from './csp-meta';

const PAGE = `<!doctype html><html><head><meta charset="UTF-8" />
<meta http-equiv="Content-Security-Policy" content="script-src 'none'" />
<title>t</title></head><body><script type="module" src="./main.js"></script></body></html>`;

const metaPolicy = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replaceAll('&quot;', '"');

describe('CSP meta in a build', () => {
  it('replaces any CSP meta with the production policy, after <meta charset>', () => {
    const out = withCspMeta(PAGE, { kind: 'build' });
    expect(metaPolicy(out)).toBe(CONTENT_SECURITY_POLICY_META);
    expect(out.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);
    expect(out.indexOf('charset')).toBeLessThan(out.indexOf('Content-Security-Policy'));
  });

  it('the meta policy is the header policy without the header-only frame-ancestors', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(`${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('refuses a build with an inline script rather than weakening the policy', () => {
    const inline = PAGE.replace('<title>', '<script>alert(1)</script><title>');
    expect(() => withCspMeta(inline, { kind: 'build' })).toThrow(/inline script/);
  });
});

describe('CSP meta of the dev server', () => {
  it('allows each inline script by its hash, and no other inline script', () => {
    const html = PAGE.replace('<title>', '<script type="module">window.a = 1;</script><title>');
    const policy = metaPolicy(withCspMeta(html, { kind: 'dev', hmrOrigin: 'ws://localhost:5173' })) ?? '';
    const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe(`script-src 'self' '${scriptHash('window.a = 1;')}'`);
    expect(policy).toContain("connect-src 'self' ws://localhost:5173");
  });

  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await createServer({
      configFile: false,
      root: resolve('src/renderer'),
      logLevel: 'silent',
      plugins: [react(), cspMetaPlugin()],
      server: { port: 0, host: '127.0.0.1', strictPort: false },
    });
    await server.listen();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the real dev page (React refresh preamble) runs under its policy with nothing refused', async () => {
    const url = server!.resolvedUrls!.local[0]!;
    const html = await (await fetch(url)).text();
    // The preamble is inline: the strict production policy would refuse it (the bug fixed here).
    expect(inlineScripts(html).some((s) => s.includes('injectIntoGlobalHook'))).toBe(true);
    expect(html.match(/http-equiv="Content-Security-Policy"/g)).toHaveLength(1);

    const page = await browser!.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(url);
    // The refresh runtime installs its hook only if the inline preamble ran; React then renders.
    await page.waitForFunction(
      () => '$RefreshReg$' in window && document.getElementById('root')!.childElementCount > 0,
    );
    expect(refused).toEqual([]);
    await page.close();
  });
});

declare const window: object;
declare const document: { getElementById(id: string): { childElementCount: number } | null };
