import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteError } from '../../src/http/route-error.js';
import { trackRouteMethods } from '../../src/http/route-methods.js';
import { oauthErrorRenderer } from '../../src/oauth/oauth-error-renderer.js';
import { PAGE_CSP } from '../../src/ui/render-page.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** What Chromium and Firefox send when navigating to a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('errors outside any endpoint', () => {
  let tessera: TestServer;

  beforeAll(async () => {
    tessera = await startTestServer();
  });
  afterAll(() => tessera.cleanup());

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, accept?: string) =>
    tessera.server.app.inject({ method, url, headers: accept ? { accept } : {} });

  it('a browser asking for an unknown path gets the styled 404 page carrying not_found', async () => {
    const page = await inject('GET', '/no/such/page', BROWSER_ACCEPT);
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(page.body).toContain('<link rel="stylesheet" href="/ui/tessera.css">');
    expect(pageErrorCodes(page.body)).toEqual(['not_found']);
  });

  it('an API client asking for an unknown path keeps the JSON error, whatever its Accept', async () => {
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html;q=0.5']) {
      const answer = await inject('GET', '/no/such/endpoint', accept);
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('a browser gets the styled page for framework errors too (a body over the limit is 413)', async () => {
    const answer = await tessera.server.app.inject({
      method: 'POST',
      url: '/login',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(200_000)}`,
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(pageErrorCodes(answer.body)).toEqual(['invalid_request']);
  });

  it("a wrong method on an existing path is 405 with Allow listing that path's methods (RFC 9110 §15.5.6)", async () => {
    const routes: Record<string, string> = {
      // CORS preflights (OPTIONS) are routes like any other.
      '/.well-known/openid-configuration': 'GET, HEAD, OPTIONS',
      '/.well-known/oauth-authorization-server': 'GET, HEAD, OPTIONS',
      '/.well-known/jwks.json': 'GET, HEAD, OPTIONS',
      '/oauth2/token': 'OPTIONS, POST',
      '/oauth2/revoke': 'OPTIONS, POST',
      '/oauth2/introspect': 'OPTIONS, POST',
      '/oauth2/authorize': 'GET, HEAD, POST',
      '/oauth2/consent': 'POST',
      '/oauth2/userinfo': 'GET, HEAD, OPTIONS, POST',
      '/oauth2/logout': 'GET, HEAD, POST',
      '/oauth2/logout/confirm': 'POST',
      '/login': 'GET, HEAD, POST',
      '/signup': 'GET, HEAD, POST',
      '/': 'GET, HEAD',
      '/ui/tessera.css': 'GET, HEAD',
      '/favicon.ico': 'GET, HEAD',
    };
    for (const [path, allow] of Object.entries(routes)) {
      const method = allow.includes('POST') ? 'PATCH' : 'POST';
      const answer = await inject(method, `${path}?code=abc`);
      expect({ path, status: answer.statusCode, allow: answer.headers.allow }).toEqual({
        path,
        status: 405,
        allow,
      });
      expect(answer.json()).toMatchObject({ error: 'method_not_allowed' });
    }
    const page = await inject('DELETE', '/login', BROWSER_ACCEPT);
    expect(page.statusCode).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD, POST');
    expect(pageErrorCodes(page.body)).toEqual(['method_not_allowed']);
  });

  it('the request log names the path that failed, without its query string', async () => {
    await inject('GET', '/no/such/place?code=leaked-code-123&token=leaked-token-456');
    await inject('PUT', '/oauth2/token?code=leaked-code-789');
    const lines = tessera
      .logs()
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/no/such/place', status: 404 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ method: 'PUT', path: '/oauth2/token', status: 405 }),
    );
    expect(tessera.logs()).not.toMatch(/leaked-(code|token)/);
  });

  it('serves a cacheable SVG favicon that every page links and the page CSP allows', async () => {
    for (const path of ['/ui/favicon.svg', '/favicon.ico']) {
      const icon = await inject('GET', path);
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['content-type']).toBe('image/svg+xml');
      expect(icon.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect(icon.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    const login = await inject('GET', '/login');
    expect(login.body).toContain('<link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">');
    // Same-origin images are allowed on pages (img-src 'self'), so the icon loads under the CSP.
    expect(login.headers['content-security-policy']).toMatch(/(^|; )img-src 'self'/);
  });
});

describe('405 for every route, not a list', () => {
  it('a route added by any module, parameters included, answers a wrong method with 405 and its Allow', async () => {
    const app = Fastify();
    const routeMethods = trackRouteMethods(app);
    app.setNotFoundHandler(async (request) => {
      throw new RouteError(routeMethods.allowedFor(request.url));
    });
    app.setErrorHandler((error: RouteError, _request, reply) => {
      reply.code(error.status).headers(error.headers).send(oauthErrorRenderer.body(error));
    });
    await app.register(
      async (plugin) => {
        plugin.get('/stores/:id/check', async () => 'checked');
        plugin.put('/stores/:id/check', async () => 'written');
      },
      { prefix: '/fga' },
    );
    const wrong = await app.inject({ method: 'DELETE', url: '/fga/stores/01H/check?x=1' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD, PUT');
    expect((await app.inject({ method: 'DELETE', url: '/fga/stores/01H/other' })).statusCode).toBe(404);
    await app.close();
  });
});
