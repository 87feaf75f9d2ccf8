// The OpenAPI document and the router name the same routes, both ways, and the document is
// served as it is built.
import { describe, expect, it } from 'vitest';
import type { Host } from '../host';
import { createApiRouter } from './index';
import { openApiDocument } from './openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
// The router only registers closures over the host; none runs here.
const host = { store: { state: { app: { version: '0.0.0-test' } } } } as unknown as Host;

describe('OpenAPI document', () => {
  it('describes every route the router knows, and no other', () => {
    const routed = createApiRouter(host, { secure: false })
      .list()
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const doc = openApiDocument('0.0.0-test');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((k) => METHODS.includes(k))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(routed);
    expect(routed.length).toBeGreaterThanOrEqual(10);
  });

  it('is OpenAPI 3.1 with request bodies from the validating schemas', () => {
    const doc = openApiDocument('1.2.3');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    const create = doc.components.schemas.CameraCreate as { required?: string[]; properties: object };
    expect(create.required).toEqual(expect.arrayContaining(['name', 'url']));
    expect(create.required).not.toContain('username');
    expect(Object.keys(create.properties)).toEqual(
      expect.arrayContaining(['name', 'url', 'username', 'password', 'transport', 'enabled', 'group']),
    );
    const patch = doc.components.schemas.CameraPatch as { required?: string[] };
    expect(patch.required ?? []).toEqual([]);
    // Every $ref points at a schema that exists.
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of refs) expect(Object.keys(doc.components.schemas)).toContain(r.split('/').pop());
  });
});
