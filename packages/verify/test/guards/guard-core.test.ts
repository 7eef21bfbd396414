// The framework-neutral guard core: option validation at creation and the mapping of failures to answers.
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/create-verifier.js';
import type { VerifyError } from '../../src/errors.js';
import { createGuardCore, type GuardResult } from '../../src/guards/create-guard-core.js';
import { AUDIENCE, ISSUER, jwksOf, mint, NOW_MS, testKey } from '../support/test-keys.js';

const key = testKey('RS256');
const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: jwksOf(key), now: () => NOW_MS });
const bearer = (token: string) => `Bearer ${token}`;

function creationError(create: () => unknown): string | undefined {
  try {
    create();
  } catch (error) {
    return (error as VerifyError).code;
  }
  return undefined;
}

function denial(result: GuardResult) {
  if (result.allowed) throw new Error('expected a denial');
  return { status: result.denial.status, body: JSON.parse(result.denial.body) as Record<string, unknown> };
}

describe('guard core', () => {
  it('refuses invalid options and guard arguments at creation', () => {
    const core = createGuardCore({ verifier });
    expect(creationError(() => createGuardCore({ verifier: {} as never }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => createGuardCore({ verifier, realm: 'a"b' }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireScope())).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireScope('orders read'))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireScope('say"hi'))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireRole())).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireRole({ org: () => 'A' }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireTokenPermission())).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireTokenPermission('posts:read', { org: 'A' as never }))).toBe(
      'ERR_INVALID_OPTIONS',
    );
    expect(creationError(() => core.requirePermission('viewer', 'document', () => '1'))).toBe(
      'ERR_INVALID_OPTIONS',
    );
    expect(creationError(() => core.requireAuth({ checkRevocation: true }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr())).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr({ maxAge: 60 }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr('say"hi'))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr('a b'))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr('phr', { maxAge: -1 }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => core.requireAcr('phr', { maxAge: 1.5 }))).toBe('ERR_INVALID_OPTIONS');
    expect(creationError(() => createGuardCore({ verifier, now: 5 as never }))).toBe('ERR_INVALID_OPTIONS');
    const withCheck = createGuardCore({ verifier, check: () => true });
    expect(creationError(() => withCheck.requirePermission('viewer', 'doc:x', () => '1'))).toBe(
      'ERR_INVALID_OPTIONS',
    );
    expect(creationError(() => withCheck.requirePermission('view er', 'document', () => '1'))).toBe(
      'ERR_INVALID_OPTIONS',
    );
  });

  it('answers 503 temporarily_unavailable, not 401, when the issuer keys cannot be fetched', async () => {
    const offline = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: 'http://127.0.0.1:9/jwks', // the discard port: nothing listens
      httpTimeoutSeconds: 2,
      now: () => NOW_MS,
    });
    const result = await createGuardCore({ verifier: offline }).requireAuth()({}, bearer(mint(key)));
    expect(denial(result)).toEqual({
      status: 503,
      body: {
        error: 'temporarily_unavailable',
        error_description: 'The access token cannot be verified right now',
      },
    });
  });

  it('lets rolesFrom compute roles per request, e.g. from an organization claim', async () => {
    const token = mint(key, { claims: { org_roles: { acme: ['admin'], globex: ['viewer'] } } });
    const core = createGuardCore<{ org: string }>({
      verifier,
      rolesFrom: (claims, request) => (claims.org_roles as Record<string, string[]>)[request.org] ?? [],
    });
    const guard = core.requireRole('admin');
    expect((await guard({ org: 'acme' }, bearer(token))).allowed).toBe(true);
    expect(denial(await guard({ org: 'globex' }, bearer(token))).body.error).toBe('insufficient_role');
  });

  it('fails closed with 503 when rolesFrom throws', async () => {
    const core = createGuardCore({
      verifier,
      rolesFrom: () => {
        throw new Error('directory down');
      },
    });
    expect(denial(await core.requireRole('admin')({}, bearer(mint(key)))).status).toBe(503);
  });

  it('denies a permission when the checker answers anything but true', async () => {
    for (const answer of [false, 'true', 1, undefined, null]) {
      const core = createGuardCore({ verifier, check: () => answer as never });
      const result = await core.requirePermission('viewer', 'document', () => '42')({}, bearer(mint(key)));
      expect(denial(result)).toMatchObject({ status: 403, body: { error: 'insufficient_permission' } });
    }
  });

  it('denies a permission for a missing or malformed object id, without asking the checker', async () => {
    let asked = 0;
    const core = createGuardCore({ verifier, check: () => ++asked > 0 });
    for (const id of [undefined, '', 'a b', 'doc#viewer', 'x'.repeat(300)]) {
      const result = await core.requirePermission('viewer', 'document', () => id)({}, bearer(mint(key)));
      expect(denial(result).status).toBe(403);
    }
    expect(asked).toBe(0);
  });

  it('answers 500 server_error when the application objectId function throws', async () => {
    const core = createGuardCore({ verifier, check: () => true });
    const guard = core.requirePermission('viewer', 'document', () => {
      throw new Error('bug');
    });
    expect(denial(await guard({}, bearer(mint(key))))).toMatchObject({
      status: 500,
      body: { error: 'server_error' },
    });
  });

  it('answers 500 server_error when the application org function throws, and 403 when it finds none', async () => {
    const core = createGuardCore({ verifier });
    const token = bearer(mint(key, { claims: { org_id: 'A', roles: ['admin'], permissions: ['a:b'] } }));
    const throwing = core.requireRole('admin', {
      org: () => {
        throw new Error('bug');
      },
    });
    expect(denial(await throwing({}, token))).toMatchObject({ status: 500, body: { error: 'server_error' } });
    for (const org of [() => undefined, () => '', async () => 'B']) {
      expect(denial(await core.requireTokenPermission('a:b', { org })({}, token))).toMatchObject({
        status: 403,
        body: { error: 'wrong_organization' },
      });
    }
    expect((await core.requireTokenPermission('a:b', { org: async () => 'A' })({}, token)).allowed).toBe(
      true,
    );
  });

  it('asks the checker about user:<sub> and <objectType>:<id>', async () => {
    const queries: unknown[] = [];
    const core = createGuardCore({ verifier, check: (query) => queries.push(query) > 0 });
    await core.requirePermission('editor', 'folder', () => 'f-1')({}, bearer(mint(key)));
    expect(queries).toEqual([{ user: 'user:alice', relation: 'editor', object: 'folder:f-1' }]);
  });

  it('verifies the token once for a chain of guards on one request', async () => {
    let verifications = 0;
    const counting = {
      ...verifier,
      verify: (token: string) => {
        verifications++;
        return verifier.verify(token);
      },
    };
    const core = createGuardCore({ verifier: counting });
    const request = {};
    const authorization = bearer(mint(key, { claims: { roles: ['admin'] } }));
    await core.requireAuth()(request, authorization);
    await core.requireScope('orders:read')(request, authorization);
    await core.requireRole('admin')(request, authorization);
    expect(verifications).toBe(1);
  });
});
