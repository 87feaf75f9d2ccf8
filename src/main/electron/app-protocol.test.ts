// The app scheme's file server: real files in a temp directory, every request path that could
// climb out of it (property-based), and the origin checks IPC relies on.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppOrigin, createAppRequestHandler, resolveInside } from './app-protocol';

let root: string;
let renderer: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'camrelay-scheme-'));
  renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html>');
  await writeFile(join(renderer, 'assets', 'index.js'), 'export {}');
  await writeFile(join(renderer, 'assets', 'worker.js'), 'self.onmessage = () => {}');
  await writeFile(join(root, 'secret.txt'), 'secret');
  await writeFile(join(root, 'renderer-other.txt'), 'a sibling whose name starts like the root');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app scheme file server', () => {
  it('serves files with their type, the CSP, nosniff; HEAD without a body', async () => {
    const handle = createAppRequestHandler({ root: renderer, contentSecurityPolicy: "default-src 'self'" });
    const js = await handle(new Request('camrelay://app/assets/index.js'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('export {}');
    const root = await handle(new Request('camrelay://app/'));
    expect(await root.text()).toBe('<!doctype html>');
    const head = await handle(new Request('camrelay://app/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await handle(new Request('camrelay://app/missing.js'))).status).toBe(404);
    expect((await handle(new Request('camrelay://app/assets'))).status).toBe(404);
  });

  it('refuses the classic escapes', async () => {
    const handle = createAppRequestHandler({ root: renderer, contentSecurityPolicy: '' });
    for (const path of [
      '..%2fsecret.txt',
      '%2e%2e%2fsecret.txt',
      '%2e%2e/secret.txt',
      '..%5csecret.txt',
      '%2e%2e%5c..%5csecret.txt',
      'assets/..%2f..%2fsecret.txt',
      '..%2frenderer-other.txt',
      'index.html%00.js',
      '%E0%A4%A',
      `${encodeURIComponent(join(root, 'secret.txt'))}`,
    ]) {
      const res = await handle(new Request(`camrelay://app/${path}`));
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('for any request path, only a file inside the root is ever read', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        '..',
        '.',
        '%2e%2e',
        '%2E.',
        '%2f',
        '%5c',
        '%00',
        '',
        'assets',
        'index.html',
        '~',
        '%25',
      ),
      fc.string({ maxLength: 6 }).map(encodeURIComponent),
      fc.string({ maxLength: 4 }),
    );
    const reads: string[] = [];
    const handle = createAppRequestHandler({
      root: renderer,
      contentSecurityPolicy: '',
      readFile: async (path) => {
        reads.push(path);
        throw Object.assign(new Error('no'), { code: 'ENOENT' });
      },
    });
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 6 }), async (segments) => {
        let request: Request;
        try {
          request = new Request(`camrelay://app/${segments.join('/')}`);
        } catch {
          return; // not a URL at all: Chromium would not have made the request
        }
        const res = await handle(request);
        expect([404, 400]).toContain(res.status);
        for (const path of reads.splice(0)) expect(path.startsWith(renderer + sep)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('resolveInside maps "/" to index.html and never returns the root itself', () => {
    expect(resolveInside(renderer, '/')).toBe(join(renderer, 'index.html'));
    expect(resolveInside(renderer, '/assets/../index.html')).toBe(join(renderer, 'index.html'));
    expect(resolveInside(renderer, '/..')).toBeUndefined();
    expect(resolveInside(renderer, '/.')).toBeUndefined();
  });
});

describe('AppOrigin', () => {
  it('knows the app scheme and the dev server, and only a top frame of it', () => {
    const app = new AppOrigin('camrelay://app/index.html');
    expect(app.origin).toBe('camrelay://app');
    expect(app.isAppUrl('camrelay://app/index.html#/settings')).toBe(true);
    expect(app.isAppUrl('camrelay://other/index.html')).toBe(false);
    expect(app.isAppUrl('file:///app/index.html')).toBe(false);
    expect(app.isAppUrl('not a url')).toBe(false);
    const top = { url: 'camrelay://app/index.html', origin: 'camrelay://app', parent: null };
    expect(app.isAppFrame(top)).toBe(true);
    expect(app.isAppFrame({ ...top, parent: top })).toBe(false);
    expect(app.isAppFrame({ ...top, origin: 'null' })).toBe(false);
    expect(app.isAppFrame(null)).toBe(false);
    const dev = new AppOrigin('http://localhost:5173/');
    expect(dev.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
  });
});
