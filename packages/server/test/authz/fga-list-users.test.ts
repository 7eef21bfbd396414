// ListUsers without a cap, as ListObjects: the unary endpoint pages on request (page_size + continuation_token) and
// streamed-list-users streams every user as NDJSON; both honour consistency tokens.
import type { OpenFgaClient } from '@openfga/sdk';
import { parseModelDsl } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConsistencyToken } from '../../src/authz/fga/consistency-token.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { type FgaClients, FOLDER_DOCUMENT_MODEL, fgaClients } from './support/fga-clients.js';

let server: TestServer;
let clients: FgaClients;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  clients = await fgaClients(server);
  adminToken = await clients.apiToken(['fga:admin']);
});
afterAll(() => server?.cleanup());

/** A new store with the folder/document model, whose document:1 has `count` viewers user:u0000, user:u0001, … */
async function storeWithViewers(count: number): Promise<{ storeId: string; client: OpenFgaClient }> {
  const { id } = await clients.client().createStore({ name: 'list users test' });
  const client = clients.client(id);
  await client.writeAuthorizationModel(parseModelDsl(FOLDER_DOCUMENT_MODEL) as never);
  const tuples = Array.from({ length: count }, (_, i) => ({
    user: `user:u${String(i).padStart(4, '0')}`,
    relation: 'viewer',
    object: 'document:1',
  }));
  // One bulk load (the CLI's import) rather than a write request per 100 tuples: the setup, not what is tested.
  await server.runtime.stores.fgaImporter.importTuples(id, tuples);
  return { storeId: id, client };
}

function request(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${clients.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, ...headers },
    body: JSON.stringify(body),
  });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await request(path, body, headers);
  return { status: response.status, body: await response.json() };
}

/** The NDJSON lines of a streamed response, parsed. */
async function streamedLines(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

const viewersOfDocument1 = {
  object: { type: 'document', id: '1' },
  relation: 'viewer',
  user_filters: [{ type: 'user' }],
};

const idOf = (user: { object: { id: string } }) => user.object.id;

describe('unary ListUsers', () => {
  it('returns every user unless asked to page, and pages of 100 over 250 users cover each exactly once', async () => {
    const { storeId } = await storeWithViewers(250);
    const all = await post(`/stores/${storeId}/list-users`, viewersOfDocument1);
    expect(all.status).toBe(200);
    expect(all.body.users).toHaveLength(250);
    expect(all.body.continuation_token).toBeUndefined();

    const seen: string[] = [];
    const pageLengths: number[] = [];
    let token = '';
    do {
      const page = await post(`/stores/${storeId}/list-users`, {
        ...viewersOfDocument1,
        page_size: 100,
        ...(token && { continuation_token: token }),
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.users.map(idOf));
      pageLengths.push(page.body.users.length);
      token = page.body.continuation_token;
    } while (token !== '' && pageLengths.length < 10);
    expect(pageLengths).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect(seen.sort()).toEqual(all.body.users.map(idOf).sort());
  });

  it('a page holds users of every kind: objects, usersets and wildcards, in their JSON shapes', async () => {
    const { storeId, client } = await storeWithViewers(0);
    await client.writeAuthorizationModel(
      parseModelDsl(`model
  schema 1.1
type user
type group
  relations
    define member: [user]
type document
  relations
    define viewer: [user, user:*, group#member]
`) as never,
    );
    await client.write({
      writes: [
        { user: 'user:anne', relation: 'viewer', object: 'document:1' },
        { user: 'user:*', relation: 'viewer', object: 'document:1' },
        { user: 'group:eng#member', relation: 'viewer', object: 'document:1' },
      ],
    });
    const page = await post(`/stores/${storeId}/list-users`, {
      ...viewersOfDocument1,
      user_filters: [{ type: 'user' }, { type: 'group', relation: 'member' }],
      page_size: 2,
    });
    const next = await post(`/stores/${storeId}/list-users`, {
      ...viewersOfDocument1,
      user_filters: [{ type: 'user' }, { type: 'group', relation: 'member' }],
      page_size: 2,
      continuation_token: page.body.continuation_token,
    });
    expect([...page.body.users, ...next.body.users]).toEqual([
      { userset: { type: 'group', id: 'eng', relation: 'member' } },
      { wildcard: { type: 'user' } },
      { object: { type: 'user', id: 'anne' } },
    ]);
    expect(next.body.continuation_token).toBe('');
  });

  it("a continuation token the server did not make is OpenFGA's 400 invalid_continuation_token", async () => {
    const { storeId } = await storeWithViewers(3);
    const objectPageToken = Buffer.from('x:user:u0001', 'utf8').toString('base64url');
    for (const token of ['not a token', objectPageToken, 'bzo']) {
      const refused = await post(`/stores/${storeId}/list-users`, {
        ...viewersOfDocument1,
        page_size: 2,
        continuation_token: token,
      });
      expect({ token, status: refused.status, code: refused.body.code }).toEqual({
        token,
        status: 400,
        code: 'invalid_continuation_token',
      });
    }
  });
});

describe('streamed ListUsers', () => {
  it('streams every user of a large result as {"result":{"user"}} lines', async () => {
    const { storeId } = await storeWithViewers(1500);
    const response = await request(`/stores/${storeId}/streamed-list-users`, viewersOfDocument1);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await streamedLines(response)) as { result: { user: { object: { id: string } } } }[];
    expect(lines).toHaveLength(1500);
    expect(lines[0]).toEqual({ result: { user: { object: { type: 'user', id: expect.any(String) } } } });
    expect(new Set(lines.map((line) => line.result.user.object.id)).size).toBe(1500);
  });

  it('refuses a bad request with an error reply, not a broken stream', async () => {
    const { storeId } = await storeWithViewers(1);
    const refused = await post(`/stores/${storeId}/streamed-list-users`, {
      ...viewersOfDocument1,
      object: { type: 'nosuchtype', id: '1' },
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'type_not_found' } });
  });

  it('an empty result is an empty 200 stream', async () => {
    const { storeId } = await storeWithViewers(0);
    const response = await request(`/stores/${storeId}/streamed-list-users`, viewersOfDocument1);
    expect(response.status).toBe(200);
    expect(await streamedLines(response)).toEqual([]);
  });
});

describe('consistency tokens', () => {
  it('paged and streamed ListUsers at the token of the write that removed a user do not list them', async () => {
    const { storeId } = await storeWithViewers(5);
    const removed = await post(`/stores/${storeId}/write`, {
      deletes: { tuple_keys: [{ user: 'user:u0002', relation: 'viewer', object: 'document:1' }] },
    });
    const token = removed.body.consistency_token as string;
    const paged = await post(`/stores/${storeId}/list-users`, {
      ...viewersOfDocument1,
      page_size: 10,
      consistency_token: token,
    });
    expect(paged.body.users.map(idOf).sort()).toEqual(['u0000', 'u0001', 'u0003', 'u0004']);
    const streamed = await request(`/stores/${storeId}/streamed-list-users`, {
      ...viewersOfDocument1,
      consistency_token: token,
    });
    const lines = (await streamedLines(streamed)) as { result: { user: { object: { id: string } } } }[];
    expect(lines.map((line) => line.result.user.object.id).sort()).toEqual([
      'u0000',
      'u0001',
      'u0003',
      'u0004',
    ]);
  });

  it('a token naming a revision the store has not reached is refused, paged and streamed, before any line', async () => {
    const { storeId } = await storeWithViewers(5);
    const future = encodeConsistencyToken(storeId, 1000);
    for (const [path, body] of [
      ['list-users', { ...viewersOfDocument1, page_size: 2 }],
      ['streamed-list-users', viewersOfDocument1],
    ] as const) {
      const inBody = await post(`/stores/${storeId}/${path}`, { ...body, consistency_token: future });
      const inHeader = await post(`/stores/${storeId}/${path}`, body, {
        'tessera-consistency-token': future,
      });
      for (const refused of [inBody, inHeader]) {
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({
          path,
          status: 400,
          code: 'validation_error',
        });
      }
    }
  });
});
