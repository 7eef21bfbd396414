// Issue 12, "one source of truth": Tessera's memberships seen by the ReBAC engine as `organization` tuples, through
// the FGA API with @openfga/sdk: a customer model says `admin from organization`, and a membership change shows in
// Check, ListObjects and ListUsers right after it, at the consistency token the customer holds.
import type { OpenFgaClient } from '@openfga/sdk';
import { ErrorCode, parseModelDsl, RebacError } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTuples } from '../../src/authz/fga/import-tuples.js';
import { createOrganization } from '../../src/authz/rbac/create-organization.js';
import { createRole } from '../../src/authz/rbac/create-role.js';
import {
  addClientToOrganization,
  addMember,
  removeClientFromOrganization,
  removeMember,
  setMemberRoles,
} from '../../src/authz/rbac/memberships.js';
import type { Organization } from '../../src/authz/rbac/rbac-store.js';
import { registerClientWithRoles } from '../../src/authz/rbac/register-client-with-roles.js';
import { assembleFga } from '../../src/service/assemble-fga.js';
import type { Stores } from '../../src/store/stores.js';
import { createTestUser } from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { errorCodeOf, type FgaClients, fgaClients, statusOf } from './support/fga-clients.js';

/** A customer's model: it declares the organization relations it uses; Tessera provides their tuples. */
const CUSTOMER_MODEL = `model
  schema 1.1
type user
type client
type organization
  relations
    define member: [user, client]
    define admin: [user, client]
    define billing: [user]
type document
  relations
    define organization: [organization]
    define owner: [user]
    define can_delete: owner or admin from organization
    define can_read: owner or member from organization
`;

let tessera: TestServer;
let deps: Stores & { clock: TestServer['runtime']['clock'] };
let clients: FgaClients;
let acme: Organization;
let globex: Organization;
let annId: string;
let bobId: string;
let storeId: string;
let fga: OpenFgaClient;
/** The token of the store's last write: what a customer holds when it asks. */
let token: string;

beforeAll(async () => {
  tessera = await startTestServer();
  deps = { ...tessera.runtime.stores, clock: tessera.runtime.clock };
  annId = (await createTestUser(tessera)).id;
  bobId = (await createTestUser(tessera, 'bob@example.com')).id;
  await createRole(deps, { name: 'admin', permissions: ['documents:delete'] });
  await createRole(deps, { name: 'viewer', permissions: ['documents:read'] });
  acme = await createOrganization(deps, 'acme');
  globex = await createOrganization(deps, 'globex');
  await createRole(deps, { name: 'billing', permissions: ['invoices:read'], organization: 'acme' });
  clients = await fgaClients(tessera);
  storeId = (await clients.client().createStore({ name: 'customer' })).id;
  fga = clients.client(storeId);
  await fga.writeAuthorizationModel(parseModelDsl(CUSTOMER_MODEL) as never);
  token = await write({
    writes: {
      tuple_keys: [
        { object: 'document:plan', relation: 'organization', user: `organization:${acme.id}` },
        { object: 'document:plan', relation: 'owner', user: `user:${bobId}` },
        { object: 'document:memo', relation: 'organization', user: `organization:${globex.id}` },
      ],
    },
  });
});
afterAll(() => tessera?.cleanup());

async function post(path: string, body: unknown) {
  const response = await fetch(`${clients.apiUrl}/stores/${storeId}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken()}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
let cachedAdminToken: string | undefined;
async function adminToken() {
  cachedAdminToken ??= await clients.apiToken(['fga:admin']);
  return cachedAdminToken;
}

/** Writes through the API and returns the consistency token. */
async function write(body: unknown): Promise<string> {
  const written = await post('/write', body);
  expect(written.status).toBe(200);
  return written.body.consistency_token as string;
}

/** Check at the consistency token, as a customer holding it would ask. */
async function allowed(user: string, relation: string, object: string): Promise<boolean> {
  const answer = await post('/check', { tuple_key: { user, relation, object }, consistency_token: token });
  expect(answer.status).toBe(200);
  return answer.body.allowed as boolean;
}

const ann = () => `user:${annId}`;

describe('memberships as organization tuples', () => {
  it('admin from organization follows a member’s roles right after each change', async () => {
    expect(await allowed(ann(), 'can_delete', 'document:plan')).toBe(false);
    await addMember(deps, { organization: 'acme', member: 'ann@example.com', roles: ['admin'] });
    expect(await allowed(ann(), 'can_delete', 'document:plan')).toBe(true);
    expect(await allowed(ann(), 'can_read', 'document:plan')).toBe(true);
    // Another organization's document: ann is not its admin.
    expect(await allowed(ann(), 'can_delete', 'document:memo')).toBe(false);

    await setMemberRoles(deps, { organization: 'acme', member: annId, roles: ['viewer'] });
    expect(await allowed(ann(), 'can_delete', 'document:plan')).toBe(false);
    expect(await allowed(ann(), 'can_read', 'document:plan')).toBe(true);

    await removeMember(deps, { organization: 'acme', member: annId });
    expect(await allowed(ann(), 'can_read', 'document:plan')).toBe(false);
    // The owner's own tuple was never affected.
    expect(await allowed(`user:${bobId}`, 'can_delete', 'document:plan')).toBe(true);
  });

  it('answers the organization relations themselves: member for any role, each role by name, by id only', async () => {
    await addMember(deps, { organization: 'globex', member: annId, roles: ['viewer'] });
    await addMember(deps, { organization: 'acme', member: 'bob@example.com', roles: ['billing'] });
    const sdkCheck = (user: string, relation: string, object: string) =>
      fga.check({ user, relation, object }, { headers: { 'Tessera-Consistency-Token': token } });
    expect((await sdkCheck(ann(), 'member', `organization:${globex.id}`)).allowed).toBe(true);
    expect((await sdkCheck(ann(), 'admin', `organization:${globex.id}`)).allowed).toBe(false);
    expect((await sdkCheck(`user:${bobId}`, 'billing', `organization:${acme.id}`)).allowed).toBe(true);
    // Organizations are named by id in tuples (a rename changes nothing), never by name.
    expect((await sdkCheck(ann(), 'member', 'organization:globex')).allowed).toBe(false);
    await removeMember(deps, { organization: 'globex', member: annId });
    await removeMember(deps, { organization: 'acme', member: bobId });
    expect((await sdkCheck(ann(), 'member', `organization:${globex.id}`)).allowed).toBe(false);
  });

  it('lists objects and users through memberships (reverse and forward reads)', async () => {
    await addMember(deps, { organization: 'acme', member: annId, roles: ['admin'] });
    await addMember(deps, { organization: 'globex', member: annId, roles: ['admin'] });
    const objects = await fga.listObjects({ user: ann(), relation: 'can_delete', type: 'document' });
    expect(objects.objects.sort()).toEqual(['document:memo', 'document:plan']);
    const users = await fga.listUsers({
      object: { type: 'document', id: 'plan' },
      relation: 'can_delete',
      user_filters: [{ type: 'user' }],
    });
    expect(users.users.map((u) => u.object?.id).sort()).toEqual([annId, bobId].sort());
    const members = await fga.listUsers({
      object: { type: 'organization', id: acme.id },
      relation: 'member',
      user_filters: [{ type: 'user' }],
    });
    expect(members.users.map((u) => u.object?.id)).toEqual([annId]);

    await setMemberRoles(deps, { organization: 'globex', member: annId, roles: ['viewer'] });
    const after = await post('/list-objects', {
      user: ann(),
      relation: 'can_delete',
      type: 'document',
      consistency_token: token,
    });
    expect(after.body.objects).toEqual(['document:plan']);
    await removeMember(deps, { organization: 'acme', member: annId });
    await removeMember(deps, { organization: 'globex', member: annId });
  });

  it('machine clients holding roles are client:<client id>', async () => {
    const { client } = await registerClientWithRoles(
      deps,
      { name: 'worker', grantTypes: ['client_credentials'], scopes: [] },
      [],
    );
    const worker = `client:${client.id}`;
    expect(await allowed(worker, 'can_delete', 'document:plan')).toBe(false);
    await addClientToOrganization(deps, { organization: 'acme', member: client.id, roles: ['admin'] });
    expect(await allowed(worker, 'can_delete', 'document:plan')).toBe(true);
    await removeClientFromOrganization(deps, { organization: 'acme', member: client.id });
    expect(await allowed(worker, 'can_delete', 'document:plan')).toBe(false);
  });

  it('refuses to write, delete or import organization tuples, naming where memberships change', async () => {
    const tuple = { object: `organization:${acme.id}`, relation: 'admin', user: ann() };
    const written = await post('/write', { writes: { tuple_keys: [tuple] } });
    expect({ status: written.status, code: written.body.code }).toEqual({
      status: 400,
      code: 'write_failed_due_to_invalid_input',
    });
    expect(written.body.message).toContain('tessera orgs');
    const refusal = await fga.write({ deletes: [tuple] }).catch((error: unknown) => error);
    expect([statusOf(refusal), errorCodeOf(refusal)]).toEqual([400, 2017]);
    // Nothing of a mixed request is kept.
    const mixed = await post('/write', {
      writes: { tuple_keys: [{ object: 'document:x', relation: 'owner', user: ann() }, tuple] },
    });
    expect(mixed.status).toBe(400);
    expect(await allowed(ann(), 'owner', 'document:x')).toBe(false);
    expect(await allowed(ann(), 'admin', `organization:${acme.id}`)).toBe(false);

    const imported = await importTuples(assembleFga(deps, deps.rbac, deps.clock), storeId, [
      { line: 1, key: { object: 'document:y', relation: 'owner', user: ann() } },
      { line: 2, key: tuple },
    ]).catch((error: unknown) => error);
    expect(imported).toBeInstanceOf(RebacError);
    expect((imported as RebacError).code).toBe(ErrorCode.write_failed_due_to_invalid_input);
    expect(await allowed(ann(), 'owner', 'document:y')).toBe(false);
  });

  it('organization objects that are no Tessera organization stay ordinary stored tuples', async () => {
    // OpenFGA's own test models and a customer's earlier data use `organization` too.
    const legacy = { object: 'organization:legacy', relation: 'admin', user: ann() };
    token = await write({
      writes: {
        tuple_keys: [
          legacy,
          { object: 'document:old', relation: 'organization', user: 'organization:legacy' },
        ],
      },
    });
    expect(await allowed(ann(), 'can_delete', 'document:old')).toBe(true);
    await addMember(deps, { organization: 'acme', member: annId, roles: ['admin'] });
    // A reverse read finds both: the stored tuple and the membership.
    const objects = await fga.listObjects({ user: ann(), relation: 'admin', type: 'organization' });
    expect(objects.objects.sort()).toEqual([`organization:${acme.id}`, 'organization:legacy'].sort());
    await removeMember(deps, { organization: 'acme', member: annId });
    token = await write({ deletes: { tuple_keys: [legacy] } });
    expect(await allowed(ann(), 'can_delete', 'document:old')).toBe(false);
  });

  it('still refuses a consistency token the store has not reached, for organization reads too', async () => {
    const future = Buffer.from(`${storeId}.999999`, 'utf8').toString('base64url');
    const answer = await post('/check', {
      tuple_key: { user: ann(), relation: 'member', object: `organization:${acme.id}` },
      consistency_token: future,
    });
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 400,
      code: 'validation_error',
    });
  });
});
