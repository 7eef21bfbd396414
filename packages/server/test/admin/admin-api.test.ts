// Issue 12, "the same operations as JSON under an admin API": every route over HTTP with a client_credentials token
// for `<issuer>/admin` with the `tessera:admin` scope, 401 and 403 on every route, bad input, and the operations' own codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAudience } from '../../src/admin/admin-authentication.js';
import { fgaAudience } from '../../src/authz/fga/fga-authentication.js';
import { createTestUser } from '../support/sign-in-fixtures.js';
import { postForm, startTestServer, type TestServer } from '../support/test-server.js';

let tessera: TestServer;
let adminToken: string;
let annId: string;

async function tokenFor(audience: string, scopes: string[]): Promise<string> {
  const { clientId, clientSecret } = await tessera.createClient({ audience, scopes });
  const response = await postForm(`${tessera.issuer}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  tessera = await startTestServer();
  annId = (await createTestUser(tessera)).id;
  await createTestUser(tessera, 'bob@example.com');
  adminToken = await tokenFor(adminAudience(tessera.issuer), ['tessera:admin']);
});
afterAll(() => tessera?.cleanup());

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies, asserted field by field.
  body: any;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  /** Null: no Authorization header. */
  token: string | null = adminToken,
): Promise<Answer> {
  const response = await fetch(`${tessera.issuer}/admin${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** A refusal: its status and `{error, error_description}` with the code. */
function expectRefusal(answer: Answer, status: number, error: string) {
  expect({ status: answer.status, error: answer.body?.error }).toEqual({ status, error });
  expect(typeof answer.body.error_description).toBe('string');
}

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/organizations'],
  ['POST', '/organizations', { name: 'x' }],
  ['PATCH', '/organizations/x', { name: 'y' }],
  ['DELETE', '/organizations/x'],
  ['GET', '/organizations/x/members'],
  ['POST', '/organizations/x/members', { user: 'ann@example.com', roles: ['admin'] }],
  ['PUT', '/organizations/x/members/ann@example.com/roles', { roles: ['admin'] }],
  ['DELETE', '/organizations/x/members/ann@example.com'],
  ['GET', '/organizations/x/invitations'],
  ['POST', '/organizations/x/invitations', { email: 'ann@example.com', roles: ['admin'] }],
  ['DELETE', '/organizations/x/invitations/x'],
  ['GET', '/roles'],
  ['POST', '/roles', { name: 'x' }],
  ['PATCH', '/roles/x', { description: 'y' }],
  ['DELETE', '/roles/x'],
  ['GET', '/users/ann@example.com/roles'],
  ['POST', '/users/ann@example.com/roles', { role: 'x' }],
  ['DELETE', '/users/ann@example.com/roles/x'],
];

describe('who may call the admin API', () => {
  it('every route is 401 without a live token for the admin API, and 403 without the admin scope', async () => {
    const fgaToken = await tokenFor(fgaAudience(tessera.issuer), ['tessera:admin']);
    const noScope = await tokenFor(adminAudience(tessera.issuer), ['fga:admin']);
    for (const [method, path, body] of ROUTES) {
      const missing = await call(method, path, body, null);
      expect([method, path, missing.status, missing.body.error]).toEqual([
        method,
        path,
        401,
        'invalid_token',
      ]);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      const forbidden = await call(method, path, body, noScope);
      expect([method, path, forbidden.status, forbidden.body.error]).toEqual([
        method,
        path,
        403,
        'insufficient_scope',
      ]);
    }
    // The same check runs before every route: the other refusals on a reading and a writing one.
    for (const [method, path, body] of ROUTES.slice(0, 2)) {
      const forged = await call(method, path, body, 'not-a-token');
      expect([method, path, forged.status]).toEqual([method, path, 401]);
      expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      const otherApi = await call(method, path, body, fgaToken);
      expect([method, path, otherApi.status, otherApi.body.error]).toEqual([
        method,
        path,
        401,
        'invalid_token',
      ]);
    }
    // Nothing was created by any refused request.
    expect((await call('GET', '/organizations')).body).toEqual({ organizations: [], continuation_token: '' });
    expect((await call('GET', '/roles')).body).toEqual({ roles: [], continuation_token: '' });
  });
});

describe('organizations, roles and members', () => {
  it('creates, lists, renames and deletes organizations, each refusal with its code', async () => {
    const created = await call('POST', '/organizations', { name: 'acme' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      name: 'acme',
      created_at: expect.any(Number),
    });
    expectRefusal(await call('POST', '/organizations', { name: 'acme' }), 409, 'organization_exists');
    expectRefusal(
      await call('POST', '/organizations', { name: 'Acme Inc' }),
      400,
      'invalid_organization_name',
    );
    expect((await call('GET', '/organizations')).body.organizations).toEqual([
      { ...created.body, members: 0 },
    ]);
    const renamed = await call('PATCH', `/organizations/${created.body.id}`, { name: 'acme-two' });
    expect(renamed).toMatchObject({ status: 200, body: { id: created.body.id, name: 'acme-two' } });
    expectRefusal(
      await call('PATCH', '/organizations/acme', { name: 'acme-three' }),
      404,
      'organization_not_found',
    );
    expect((await call('DELETE', '/organizations/acme-two')).status).toBe(204);
    expectRefusal(await call('DELETE', '/organizations/acme-two'), 404, 'organization_not_found');
  });

  it('creates, lists, updates and deletes roles; one in use only with force', async () => {
    const admin = await call('POST', '/roles', {
      name: 'editor',
      permissions: ['posts:write', 'posts:read'],
      description: 'Edits',
    });
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({
      name: 'editor',
      organization_id: null,
      description: 'Edits',
      permissions: ['posts:read', 'posts:write'],
    });
    expectRefusal(await call('POST', '/roles', { name: 'editor' }), 409, 'role_exists');
    expectRefusal(
      await call('POST', '/roles', { name: 'x', permissions: ['nocolon'] }),
      400,
      'invalid_permission',
    );
    await call('POST', '/organizations', { name: 'globex' });
    const own = await call('POST', '/roles', { name: 'auditor', organization: 'globex' });
    expect(own.body.organization_id).toMatch(/^[0-9A-Z]{26}$/);
    const listed = await call('GET', '/roles?organization=globex');
    expect(
      listed.body.roles.map((r: { name: string; organization_name: string | null }) => [
        r.name,
        r.organization_name,
      ]),
    ).toEqual([
      ['editor', null],
      ['auditor', 'globex'],
    ]);
    const updated = await call('PATCH', '/roles/editor', {
      add_permissions: ['posts:delete'],
      remove_permissions: ['posts:read'],
    });
    expect(updated.body.permissions).toEqual(['posts:delete', 'posts:write']);
    expectRefusal(
      await call('PATCH', '/roles/editor', { remove_permissions: ['posts:read'] }),
      404,
      'permission_not_found',
    );
    // An organization's own role is named with ?organization=.
    expectRefusal(await call('PATCH', '/roles/auditor', { description: 'x' }), 404, 'role_not_found');
    expect(
      (await call('PATCH', '/roles/auditor?organization=globex', { description: 'Audits' })).body.description,
    ).toBe('Audits');

    expect(
      (await call('POST', '/organizations/globex/members', { user: annId, roles: ['auditor'] })).status,
    ).toBe(201);
    expectRefusal(await call('DELETE', '/roles/auditor?organization=globex'), 409, 'role_in_use');
    const forced = await call('DELETE', '/roles/auditor?organization=globex&force=true');
    expect(forced).toMatchObject({ status: 200, body: { role: { name: 'auditor' }, holders: 1 } });
    // Ann's only role there: she left the organization with it.
    expect((await call('GET', '/organizations/globex/members')).body.members).toEqual([]);
  });

  it('adds members with roles, changes their roles and removes them', async () => {
    await call('POST', '/organizations', { name: 'initech' });
    await call('POST', '/roles', { name: 'viewer', permissions: ['posts:read'] });
    const added = await call('POST', '/organizations/initech/members', {
      user: 'Ann@Example.com',
      roles: ['viewer', 'editor'],
    });
    expect(added).toMatchObject({
      status: 201,
      body: { type: 'user', id: annId, roles: ['editor', 'viewer'] },
    });
    expectRefusal(
      await call('POST', '/organizations/initech/members', { user: annId, roles: ['viewer'] }),
      409,
      'already_member',
    );
    expectRefusal(
      await call('POST', '/organizations/initech/members', { user: 'nobody@example.com', roles: ['viewer'] }),
      404,
      'user_not_found',
    );
    expectRefusal(
      await call('POST', '/organizations/initech/members', { user: 'bob@example.com', roles: ['nope'] }),
      404,
      'role_not_found',
    );
    const members = await call('GET', '/organizations/initech/members');
    expect(members.body).toEqual({
      organization: { id: expect.any(String), name: 'initech', created_at: expect.any(Number) },
      members: [
        {
          type: 'user',
          id: annId,
          email: 'ann@example.com',
          roles: ['editor', 'viewer'],
          joined_at: expect.any(Number),
        },
      ],
      continuation_token: '',
    });
    const set = await call('PUT', '/organizations/initech/members/ann@example.com/roles', {
      roles: ['viewer'],
    });
    expect(set.body).toEqual({ type: 'user', id: annId, roles: ['viewer'] });
    expectRefusal(
      await call('PUT', '/organizations/initech/members/bob@example.com/roles', { roles: ['viewer'] }),
      409,
      'not_a_member',
    );
    expect((await call('DELETE', `/organizations/initech/members/${annId}`)).status).toBe(204);
    expectRefusal(await call('DELETE', `/organizations/initech/members/${annId}`), 409, 'not_a_member');
  });

  it('gives, lists and takes people’s global roles', async () => {
    await call('POST', '/roles', { name: 'support', permissions: ['tickets:read'] });
    expect(await call('POST', '/users/ann@example.com/roles', { role: 'support' })).toMatchObject({
      status: 201,
      body: { id: annId, role: 'support', outcome: 'added' },
    });
    expect((await call('POST', '/users/ann@example.com/roles', { role: 'support' })).body.outcome).toBe(
      'unchanged',
    );
    expect((await call('GET', `/users/${annId}/roles`)).body).toEqual({
      id: annId,
      roles: ['support'],
      permissions: ['tickets:read'],
    });
    expectRefusal(await call('GET', '/users/nobody@example.com/roles'), 404, 'user_not_found');
    expect((await call('DELETE', '/users/ann@example.com/roles/support')).status).toBe(204);
    expectRefusal(await call('DELETE', '/users/ann@example.com/roles/support'), 409, 'role_not_held');
    expect((await call('GET', `/users/${annId}/roles`)).body.roles).toEqual([]);
  });
});

describe('lists page', () => {
  /** Every page of a list, `size` at a time: the items' names and how many pages it took. */
  async function walk(path: string, field: string, size: number, name: (item: never) => string) {
    const names: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const query = new URLSearchParams({
        page_size: String(size),
        ...(token && { continuation_token: token }),
      });
      const answer = await call('GET', `${path}${path.includes('?') ? '&' : '?'}${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body[field].length).toBeLessThanOrEqual(size);
      names.push(...answer.body[field].map(name));
      token = answer.body.continuation_token;
      pages++;
    } while (token !== '' && pages < 20);
    return { names, pages };
  }

  it('organizations, members and roles, each item once across the pages, in the order of the whole list', async () => {
    for (let i = 1; i <= 5; i++) await call('POST', '/organizations', { name: `paged-${i}` });
    for (let i = 1; i <= 5; i++)
      await call('POST', '/roles', { name: `paged_${i}`, organization: 'paged-1' });
    for (const user of ['ann@example.com', 'bob@example.com']) {
      await call('POST', '/organizations/paged-1/members', { user, roles: ['paged_1'] });
    }
    const whole = (await call('GET', '/organizations?page_size=100')).body.organizations.map(
      (o: { name: string }) => o.name,
    );
    const organizations = await walk('/organizations', 'organizations', 2, (o: { name: string }) => o.name);
    expect(organizations.names).toEqual(whole);
    expect(organizations.names.filter((n) => n.startsWith('paged-'))).toEqual([
      'paged-1',
      'paged-2',
      'paged-3',
      'paged-4',
      'paged-5',
    ]);
    expect(organizations.pages).toBe(Math.ceil(whole.length / 2));
    const roles = await walk('/roles?organization=paged-1', 'roles', 3, (r: { name: string }) => r.name);
    const wholeRoles = (await call('GET', '/roles?organization=paged-1&page_size=100')).body.roles;
    expect(roles.names).toEqual(wholeRoles.map((r: { name: string }) => r.name));
    expect(roles.names.filter((n) => n.startsWith('paged_'))).toHaveLength(5);
    const members = await walk(
      '/organizations/paged-1/members',
      'members',
      1,
      (m: { email: string }) => m.email,
    );
    // Both joined in the same second: then the list orders them by id.
    const wholeMembers = (await call('GET', '/organizations/paged-1/members')).body.members;
    expect(members).toEqual({ names: wholeMembers.map((m: { email: string }) => m.email), pages: 2 });
    expect([...members.names].sort()).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('refuses a page size out of 1..100 and a continuation token it did not give', async () => {
    expectRefusal(await call('GET', '/organizations?page_size=0'), 400, 'invalid_request');
    expectRefusal(await call('GET', '/organizations?page_size=101'), 400, 'invalid_request');
    expectRefusal(
      await call('GET', '/organizations?continuation_token=bm9wZQ'),
      400,
      'invalid_continuation_token',
    );
    expectRefusal(
      await call('GET', `/roles?continuation_token=${Buffer.from('{"name":1}').toString('base64url')}`),
      400,
      'invalid_continuation_token',
    );
  });
});

describe('invitations without mail', () => {
  it('are refused as mail_not_configured (this server has no TESSERA_SMTP_URL); nothing is kept', async () => {
    await call('POST', '/organizations', { name: 'mailless' });
    await call('POST', '/roles', { name: 'guest' });
    const refused = await call('POST', '/organizations/mailless/invitations', {
      email: 'new@example.com',
      roles: ['guest'],
    });
    expectRefusal(refused, 409, 'mail_not_configured');
    expect(refused.body.error_description).toContain('TESSERA_SMTP_URL');
    expect((await call('GET', '/organizations/mailless/invitations')).body.invitations).toEqual([]);
  });
});

describe('bad input', () => {
  it('a body that fails its schema is invalid_request naming what failed; nothing is changed', async () => {
    for (const body of [{}, { name: 42 }, { name: 'ok', extra: true }, { name: '' }]) {
      const answer = await call('POST', '/organizations', body);
      expectRefusal(answer, 400, 'invalid_request');
      expect(answer.body.error_description).toMatch(/name|extra|properties/);
    }
    expectRefusal(
      await call('POST', '/organizations/x/members', { user: 'a', roles: [] }),
      400,
      'invalid_request',
    );
    expectRefusal(await call('POST', '/organizations', '{not json'), 400, 'invalid_request');
    expect(
      (await call('GET', '/organizations')).body.organizations.map((o: { name: string }) => o.name),
    ).not.toContain('ok');
  });

  it('a body over the limit is 413, and an unknown admin path is not_found, both as admin JSON', async () => {
    const huge = await call('POST', '/roles', { name: 'big', description: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe('invalid_request');
    const unknown = await call('GET', '/nothing-here');
    expect({ status: unknown.status, error: unknown.body.error }).toEqual({
      status: 404,
      error: 'not_found',
    });
  });
});
