// One guard suite, run over real HTTP against the Express, Fastify and Hono adapters: same statuses, same
// WWW-Authenticate challenges (RFC 6750 §3), same JSON bodies.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/create-verifier.js';
import type { PermissionCheck } from '../../src/guards/create-guard-core.js';
import { type HttpStub, startHttpStub } from '../support/http-stub.js';
import { AUDIENCE, ISSUER, jwksOf, mint, NOW, NOW_MS, testKey } from '../support/test-keys.js';
import { ADAPTERS, type RunningApp } from './adapter-harnesses.js';

const key = testKey('ES256');
const JSON_TYPE = 'application/json; charset=utf-8';

const check: PermissionCheck = async ({ user, relation, object }) => {
  if (object === 'document:broken') throw new Error('permission service down');
  return user === 'user:alice' && relation === 'viewer' && object === 'document:42';
};

const tokens = {
  plain: mint(key, { claims: { scope: 'profile' } }),
  reader: mint(key, { claims: { scope: 'orders:read' } }),
  writer: mint(key, { claims: { scope: 'orders:read orders:write', roles: ['admin'] } }),
  writerWithoutRole: mint(key, { claims: { scope: 'orders:read orders:write', roles: ['viewer'] } }),
  owner: mint(key, { claims: { roles: ['owner'] } }),
  expired: mint(key, { claims: { exp: NOW - 3600 } }),
  otherAudience: mint(key, { claims: { aud: 'https://billing.example' } }),
  revoked: mint(key, { claims: { jti: 'revoked' } }),
  bob: mint(key, { claims: { sub: 'bob' } }),
  // Issue 12: Alice is an admin of Acme (org A) and a viewer of Globex (org G), one token per organization.
  acmeAdmin: mint(key, {
    claims: { org_id: 'A', org_name: 'acme', roles: ['admin'], permissions: ['posts:delete', 'posts:read'] },
  }),
  globexViewer: mint(key, {
    claims: { org_id: 'G', org_name: 'globex', roles: ['viewer'], permissions: ['posts:read'] },
  }),
  globalAdmin: mint(key, { claims: { roles: ['admin'], permissions: ['posts:delete', 'posts:read'] } }),
  // RFC 9470: how and when the user authenticated.
  password: mint(key, { claims: { acr: 'urn:tessera:acr:pwd', auth_time: NOW - 60 } }),
  mfaRecent: mint(key, { claims: { acr: 'urn:tessera:acr:mfa', auth_time: NOW - 60 } }),
  mfaOld: mint(key, { claims: { acr: 'urn:tessera:acr:mfa', auth_time: NOW - 301 } }),
  mfaWithoutTime: mint(key, { claims: { acr: 'urn:tessera:acr:mfa' } }),
  phishingResistant: mint(key, { claims: { acr: 'phr', auth_time: NOW - 3600 } }),
};

for (const adapter of ADAPTERS) {
  describe(`guards on ${adapter.name}`, () => {
    let app: RunningApp;
    let introspection: HttpStub;

    beforeAll(async () => {
      introspection = await startHttpStub();
      introspection.route('/introspect', (_request, body) => ({
        body: { active: new URLSearchParams(body).get('token') !== tokens.revoked },
      }));
      const verifier = createVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwks: jwksOf(key),
        now: () => NOW_MS,
        introspection: {
          introspectionEndpoint: `${introspection.origin}/introspect`,
          clientId: 'api',
          clientSecret: 's',
        },
      });
      app = await adapter.start({ verifier, realm: 'orders', check, now: () => NOW_MS });
    });
    afterAll(async () => {
      await app.close();
      await introspection.close();
    });

    const get = async (path: string, authorization?: string) => {
      const response = await fetch(`${app.url}${path}`, authorization ? { headers: { authorization } } : {});
      return {
        status: response.status,
        challenge: response.headers.get('www-authenticate'),
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as Record<string, unknown>,
      };
    };
    const bearer = (token: string) => `Bearer ${token}`;
    /** A GET with the Authorization header sent once per value (fetch would join them into one header). */
    const getWithHeaders = (path: string, authorizations: string[]) =>
      new Promise<{ status: number; challenge: string | undefined; body: unknown }>((resolve, reject) => {
        const sent = request(`${app.url}${path}`, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              challenge: response.headers['www-authenticate'],
              body: JSON.parse(text),
            }),
          );
        });
        sent.setHeader('authorization', authorizations);
        sent.on('error', reject);
        sent.end();
      });
    const conflicting = {
      status: 400,
      challenge:
        'Bearer realm="orders", error="invalid_request", error_description="Send exactly one Authorization header with one bearer access token"',
      body: {
        error: 'invalid_request',
        error_description: 'Send exactly one Authorization header with one bearer access token',
      },
    };

    it('answers 401 with a bare Bearer challenge and no error code when no token is sent', async () => {
      const response = await get('/me');
      expect(response).toMatchObject({
        status: 401,
        challenge: 'Bearer realm="orders"',
        contentType: JSON_TYPE,
      });
      expect(response.body).toEqual({
        error: 'unauthorized',
        error_description: 'A bearer access token is required',
      });
    });

    it('answers 400 invalid_request to a repeated Authorization header, whichever comes first', async () => {
      for (const authorizations of [
        [bearer(tokens.plain), 'Bearer junk'],
        ['Bearer junk', bearer(tokens.plain)],
        [bearer(tokens.plain), bearer(tokens.bob)],
        [bearer(tokens.plain), bearer(tokens.plain)],
      ]) {
        expect(await getWithHeaders('/me', authorizations)).toEqual(conflicting);
      }
      expect((await getWithHeaders('/me', [bearer(tokens.plain)])).status).toBe(200);
    });

    it('answers 400 invalid_request to several credentials in one Authorization header', async () => {
      const response = await get('/me', `${bearer(tokens.plain)}, ${bearer(tokens.bob)}`);
      expect(response).toMatchObject({ status: conflicting.status, challenge: conflicting.challenge });
      expect(response.body).toEqual(conflicting.body);
    });

    it('treats another authentication scheme as no token', async () => {
      const response = await get('/me', 'Basic YWxpY2U6c2VjcmV0');
      expect(response).toMatchObject({ status: 401, challenge: 'Bearer realm="orders"' });
    });

    it('answers 401 invalid_token for a token that is not a JWT', async () => {
      const response = await get('/me', bearer('not-a-token'));
      expect(response.status).toBe(401);
      expect(response.challenge).toBe(
        'Bearer realm="orders", error="invalid_token", error_description="The access token is invalid"',
      );
      expect(response.body).toEqual({
        error: 'invalid_token',
        error_description: 'The access token is invalid',
      });
    });

    it('answers 401 invalid_token saying the token expired', async () => {
      const response = await get('/me', bearer(tokens.expired));
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: 'invalid_token',
        error_description: 'The access token expired',
      });
    });

    it('answers 401 invalid_token for a token meant for another service', async () => {
      const response = await get('/me', bearer(tokens.otherAudience));
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_token');
    });

    it('answers 200 with the verified claims on the request for a valid token', async () => {
      expect(await get('/me', bearer(tokens.plain))).toMatchObject({ status: 200, body: { sub: 'alice' } });
    });

    it('accepts the Bearer scheme in any letter case (RFC 6750 §2.1)', async () => {
      expect((await get('/me', `bearer ${tokens.plain}`)).status).toBe(200);
    });

    it('answers 403 insufficient_scope naming the needed scope', async () => {
      const response = await get('/orders', bearer(tokens.plain));
      expect(response.status).toBe(403);
      expect(response.challenge).toBe(
        'Bearer realm="orders", error="insufficient_scope", error_description="The access token lacks a required scope (orders:read)", scope="orders:read"',
      );
      expect(response.body).toEqual({
        error: 'insufficient_scope',
        error_description: 'The access token lacks a required scope (orders:read)',
      });
    });

    it('answers 401, not 403, on a scoped route without a token', async () => {
      expect(await get('/orders')).toMatchObject({ status: 401, challenge: 'Bearer realm="orders"' });
    });

    it('answers 200 when the token has the scope', async () => {
      expect(await get('/orders', bearer(tokens.reader))).toMatchObject({
        status: 200,
        body: { sub: 'alice' },
      });
    });

    it('requires every listed scope, and then the role, along a chain of guards', async () => {
      expect((await get('/orders/admin', bearer(tokens.reader))).body.error).toBe('insufficient_scope');
      expect((await get('/orders/admin', bearer(tokens.writerWithoutRole))).body.error).toBe(
        'insufficient_role',
      );
      expect(await get('/orders/admin', bearer(tokens.writer))).toMatchObject({
        status: 200,
        body: { sub: 'alice' },
      });
    });

    it('answers 403 insufficient_role without the role, 200 with any one of the listed roles', async () => {
      const denied = await get('/admin', bearer(tokens.plain));
      expect(denied).toMatchObject({ status: 403, challenge: null, contentType: JSON_TYPE });
      expect(denied.body).toEqual({
        error: 'insufficient_role',
        error_description: 'The access token does not carry a required role',
      });
      expect((await get('/admin', bearer(tokens.writer))).status).toBe(200);
      expect((await get('/admin', bearer(tokens.owner))).status).toBe(200);
    });

    it('answers 200 when the permission check allows user:<sub> on <type>:<id>', async () => {
      expect(await get('/documents/42', bearer(tokens.plain))).toMatchObject({
        status: 200,
        body: { sub: 'alice' },
      });
    });

    it('answers 403 insufficient_permission when the permission check says no', async () => {
      for (const [path, token] of [
        ['/documents/7', tokens.plain],
        ['/documents/42', tokens.bob],
      ] as const) {
        const response = await get(path, bearer(token));
        expect(response.status).toBe(403);
        expect(response.body).toEqual({
          error: 'insufficient_permission',
          error_description: 'The user does not have the required permission',
        });
      }
    });

    it('answers 503 with Retry-After when the permission check fails (fail closed)', async () => {
      const response = await get('/documents/broken', bearer(tokens.plain));
      expect(response).toMatchObject({ status: 503, retryAfter: '5', challenge: null });
      expect(response.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'The permission check could not be answered',
      });
    });

    it('answers 401 on a permission route without a token, before asking the permission check', async () => {
      expect((await get('/documents/broken')).status).toBe(401);
    });

    const send = async (method: string, path: string, authorization?: string) => {
      const response = await fetch(`${app.url}${path}`, {
        method,
        ...(authorization && { headers: { authorization } }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it("the seed's DELETE /admin/users/:id: 401 without a token, 403 without the role, 200 with it", async () => {
      expect(await send('DELETE', '/admin/users/7')).toMatchObject({ status: 401 });
      expect(await send('DELETE', '/admin/users/7', bearer(tokens.owner))).toMatchObject({
        status: 403,
        body: { error: 'insufficient_role' },
      });
      expect(await send('DELETE', '/admin/users/7', bearer(tokens.globalAdmin))).toEqual({
        status: 200,
        body: { sub: 'alice' },
      });
    });

    it("a global route refuses an organization's token: an organization's admin is not a platform admin (403 wrong_organization)", async () => {
      // Admin of Acme only: the seed's global admin route, requireRole('admin') without { org }, must refuse it.
      for (const token of [tokens.acmeAdmin, tokens.globexViewer]) {
        expect(await send('DELETE', '/admin/users/7', bearer(token))).toEqual({
          status: 403,
          body: {
            error: 'wrong_organization',
            error_description: 'The access token is not for this organization',
          },
        });
        expect(await get('/admin', bearer(token))).toMatchObject({
          status: 403,
          body: { error: 'wrong_organization' },
        });
      }
      // requireTokenPermission without { org }: the organization's permissions are not global ones.
      expect(await get('/posts', bearer(tokens.acmeAdmin))).toMatchObject({
        status: 403,
        body: { error: 'wrong_organization' },
      });
    });

    it('an organization route: 403 wrong_organization for a token of another organization or of none', async () => {
      expect(await get('/orgs/A/settings')).toMatchObject({ status: 401 });
      expect(await get('/orgs/A/settings', bearer(tokens.acmeAdmin))).toMatchObject({ status: 200 });
      // Admin in Acme, so not in Globex: the cross-tenant IDOR.
      for (const token of [tokens.acmeAdmin, tokens.globalAdmin]) {
        const response = await get('/orgs/G/settings', bearer(token));
        expect(response).toMatchObject({ status: 403, challenge: null, contentType: JSON_TYPE });
        expect(response.body).toEqual({
          error: 'wrong_organization',
          error_description: 'The access token is not for this organization',
        });
      }
      // The right organization, but not the role there.
      expect(await get('/orgs/G/settings', bearer(tokens.globexViewer))).toMatchObject({
        status: 403,
        body: { error: 'insufficient_role' },
      });
    });

    it('requireTokenPermission: every listed permission from the token, in the route’s organization', async () => {
      expect(await get('/posts')).toMatchObject({ status: 401 });
      expect(await get('/posts', bearer(tokens.plain))).toMatchObject({
        status: 403,
        body: {
          error: 'insufficient_permission',
          error_description: 'The access token lacks a required permission (posts:read)',
        },
      });
      expect(await get('/posts', bearer(tokens.globalAdmin))).toMatchObject({ status: 200 });
      expect(await get('/orgs/A/posts', bearer(tokens.acmeAdmin))).toMatchObject({ status: 200 });
      expect(await get('/orgs/G/posts', bearer(tokens.globexViewer))).toMatchObject({
        status: 403,
        body: { error: 'insufficient_permission' },
      });
      expect(await get('/orgs/G/posts', bearer(tokens.acmeAdmin))).toMatchObject({
        status: 403,
        body: { error: 'wrong_organization' },
      });
      expect(await get('/orgs/A/posts', bearer(tokens.globalAdmin))).toMatchObject({
        status: 403,
        body: { error: 'wrong_organization' },
      });
    });

    it('requireAcr: 401 insufficient_user_authentication with acr_values for a weaker sign-in (RFC 9470 §3)', async () => {
      expect(await get('/billing')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      for (const token of [tokens.password, tokens.plain]) {
        const response = await get('/billing', bearer(token));
        expect(response).toEqual({
          status: 401,
          contentType: JSON_TYPE,
          retryAfter: null,
          challenge:
            'Bearer realm="orders", error="insufficient_user_authentication", ' +
            'error_description="A different authentication level is required", ' +
            'acr_values="urn:tessera:acr:mfa phr"',
          body: {
            error: 'insufficient_user_authentication',
            error_description: 'A different authentication level is required',
          },
        });
      }
      expect(await get('/billing', bearer(tokens.mfaOld))).toEqual(expect.objectContaining({ status: 200 }));
      expect((await get('/billing', bearer(tokens.phishingResistant))).body).toEqual({ sub: 'alice' });
    });

    it('requireAcr with maxAge: an authentication older than maxAge is asked again with max_age', async () => {
      expect((await get('/billing/payouts', bearer(tokens.mfaRecent))).body).toEqual({ sub: 'alice' });
      for (const token of [tokens.mfaOld, tokens.mfaWithoutTime]) {
        const response = await get('/billing/payouts', bearer(token));
        expect(response.status).toBe(401);
        expect(response.challenge).toBe(
          'Bearer realm="orders", error="insufficient_user_authentication", ' +
            'error_description="More recent authentication is required", ' +
            'acr_values="urn:tessera:acr:mfa", max_age="300"',
        );
        expect(response.body).toEqual({
          error: 'insufficient_user_authentication',
          error_description: 'More recent authentication is required',
        });
      }
      // Too weak as well as recent: the level is what is missing, and max_age comes along for the one new sign-in.
      const weak = await get('/billing/payouts', bearer(tokens.password));
      expect(weak.challenge).toBe(
        'Bearer realm="orders", error="insufficient_user_authentication", ' +
          'error_description="A different authentication level is required", ' +
          'acr_values="urn:tessera:acr:mfa", max_age="300"',
      );
    });

    it('answers 401 invalid_token for a revoked token on a revocation-aware route only', async () => {
      const response = await get('/fresh', bearer(tokens.revoked));
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: 'invalid_token',
        error_description: 'The access token was revoked',
      });
      expect((await get('/me', bearer(tokens.revoked))).status).toBe(200);
      expect((await get('/fresh', bearer(tokens.plain))).status).toBe(200);
    });
  });
}
