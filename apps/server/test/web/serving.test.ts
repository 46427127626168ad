import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWebApp } from '../../src/server/web-app.js';
import { startWebTestNode, type WebTestNode } from './support/web-node.js';

describe('the node serves the web app', () => {
  let t: WebTestNode;
  beforeAll(async () => {
    t = await startWebTestNode();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[AGT-09] client routes get index.html, revalidated, with a content security policy', async () => {
    for (const path of ['/', '/login', '/supervisor/hold-queue', '/admin/queues/q-1']) {
      const res = await fetch(t.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('[AGT-09] hashed assets are cached for good; a missing file is a 404, never the page', async () => {
    const html = await (await fetch(t.url + '/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(t.url + script!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const missing = await fetch(t.url + '/assets/index-00000000.js');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe('CC_ERR_NOT_FOUND');
  });

  it('[SUP-02] the API, its docs and health checks are untouched: unknown API paths stay JSON 404s', async () => {
    const unknown = await t.request('GET', '/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CC_ERR_NOT_FOUND');
    expect((await t.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    const docs = await fetch(t.url + '/docs/json');
    expect(((await docs.json()) as any).info.title).toBe('Tsunagu API');
    // Nothing outside dist/ is reachable through the files route.
    for (const path of [
      '/%2e%2e/package.json',
      '/..%2f..%2fpackage.json',
      '/.vite/manifest.json',
    ]) {
      const res = await fetch(t.url + path);
      expect(await res.text(), path).not.toContain('"workspaces"');
    }
  });

  it('[AGT-09] before the app is built, pages say how to build it', async () => {
    const app = Fastify();
    await serveWebApp(app, mkdtempSync(join(tmpdir(), 'tsunagu-web-')));
    const res = await app.inject({ method: 'GET', url: '/agent' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('scripts/build-web.sh');
    await app.close();
  });
});
