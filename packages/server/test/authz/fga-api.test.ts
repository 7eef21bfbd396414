// The FGA API's own behaviour beyond the YAML vectors: consistency tokens (the new-enemy problem), deleted stores,
// OpenFGA's limits and error shapes, paging and streaming of ListObjects, the changelog, and who may call it.
import { generateKeyPairSync } from 'node:crypto';
import { CredentialsMethod, OpenFgaClient } from '@openfga/sdk';
import { parseModelDsl } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeConsistencyToken } from '../../src/authz/fga/consistency-token.js';
import { fgaAudience } from '../../src/authz/fga/fga-authentication.js';
import { postForm, startTestServer, type TestServer } from '../support/test-server.js';
import {
  errorCodeOf,
  type FgaClients,
  FOLDER_DOCUMENT_MODEL,
  fgaClients,
  statusOf,
} from './support/fga-clients.js';

const MODEL = parseModelDsl(FOLDER_DOCUMENT_MODEL);

let server: TestServer;
let clients: FgaClients;
let adminToken: string;

beforeAll(async () => {
  server = await startTestServer();
  clients = await fgaClients(server);
  adminToken = await clients.apiToken(['fga:admin']);
});
afterAll(() => server?.cleanup());

/** A new store with MODEL; its id and an SDK client for it. */
async function storeWithModel(): Promise<{ storeId: string; client: OpenFgaClient }> {
  const { id } = await clients.client().createStore({ name: 'fga api test' });
  const client = clients.client(id);
  await client.writeAuthorizationModel(MODEL as never);
  return { storeId: id, client };
}

async function post(path: string, body: unknown, token = adminToken, headers: Record<string, string> = {}) {
  const response = await fetch(`${clients.apiUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const anne = { user: 'user:anne', relation: 'viewer', object: 'document:1' };

describe('consistency tokens', () => {
  it('a check at the token of the write that removed access denies (the new enemy problem)', async () => {
    const { storeId, client } = await storeWithModel();
    const granted = await post(`/stores/${storeId}/write`, { writes: { tuple_keys: [anne] } });
    expect(granted.status).toBe(200);
    expect(granted.body.consistency_token).toBe(granted.headers.get('tessera-consistency-token'));
    const revoked = await post(`/stores/${storeId}/write`, { deletes: { tuple_keys: [anne] } });
    const token = revoked.body.consistency_token as string;
    expect(token).not.toBe(granted.body.consistency_token);

    const inBody = await post(`/stores/${storeId}/check`, { tuple_key: anne, consistency_token: token });
    expect(inBody.body.allowed).toBe(false);
    const inHeader = await client.check(anne, {
      headers: { 'Tessera-Consistency-Token': token },
      consistency: 'HIGHER_CONSISTENCY' as never,
    });
    expect(inHeader.allowed).toBe(false);
    const listed = await post(`/stores/${storeId}/list-objects`, {
      user: 'user:anne',
      relation: 'viewer',
      type: 'document',
      consistency_token: token,
    });
    expect(listed.body.objects).toEqual([]);
  });

  it('a token naming a revision the store has not reached is refused by every read, never answered from older data', async () => {
    const { storeId } = await storeWithModel();
    await post(`/stores/${storeId}/write`, { writes: { tuple_keys: [anne] } });
    const future = encodeConsistencyToken(storeId, 1000);
    const reads: [string, unknown][] = [
      ['check', { tuple_key: anne }],
      ['batch-check', { checks: [{ tuple_key: anne, correlation_id: 'a' }] }],
      ['expand', { tuple_key: { object: 'document:1', relation: 'viewer' } }],
      ['list-objects', { user: 'user:anne', relation: 'viewer', type: 'document' }],
      [
        'list-users',
        { object: { type: 'document', id: '1' }, relation: 'viewer', user_filters: [{ type: 'user' }] },
      ],
      ['read', {}],
    ];
    for (const [operation, body] of reads) {
      const refused = await post(`/stores/${storeId}/${operation}`, body, adminToken, {
        'tessera-consistency-token': future,
      });
      const batchItemError = (refused.body.result?.a?.error ?? undefined) as
        | { input_error?: string }
        | undefined;
      expect({ operation, code: batchItemError?.input_error ?? refused.body.code }).toEqual({
        operation,
        code: 'validation_error',
      });
    }
  });

  it("a token from another store, or one that is not a store's, is refused with 2000", async () => {
    const first = await storeWithModel();
    const second = await storeWithModel();
    const written = await post(`/stores/${first.storeId}/write`, { writes: { tuple_keys: [anne] } });
    for (const token of [written.body.consistency_token, 'not-a-token']) {
      const refused = await post(`/stores/${second.storeId}/check`, {
        tuple_key: anne,
        consistency_token: token,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('validation_error');
    }
  });
});

describe('stores', () => {
  it('a deleted store answers 404 store_id_not_found, to the SDK too', async () => {
    const { storeId, client } = await storeWithModel();
    await client.deleteStore();
    const refusal = await client.check(anne).catch((error: unknown) => error);
    expect(statusOf(refusal)).toBe(404);
    expect(errorCodeOf(refusal)).toBe(5002);
    const raw = await post(`/stores/${storeId}/read`, {});
    expect(raw).toMatchObject({ status: 404, body: { code: 'store_id_not_found' } });
    const stores = await clients.client().listStores();
    expect(stores.stores.map((store) => store.id)).not.toContain(storeId);
  });

  it("the upkeep removes a deleted store's tuples and models", async () => {
    const { storeId, client } = await storeWithModel();
    await client.write({ writes: [anne] });
    await client.deleteStore();
    await server.runtime.stores.fgaStores.purge(Math.floor(Date.now() / 1000));
    const tuples = server.runtime.stores.fgaTuples.forStore(storeId);
    expect((await tuples.readPage({}, { pageSize: 10 })).items).toEqual([]);
    expect(await server.runtime.stores.fgaModels.latestId(storeId)).toBeUndefined();
  });

  it('the store list pages and filters by name', async () => {
    const name = `named ${Date.now()}`;
    const { id } = await clients.client().createStore({ name });
    const named = await clients.client().listStores({ name });
    expect(named.stores.map((store) => store.id)).toEqual([id]);
    const first = await clients.client().listStores({ pageSize: 1 });
    expect(first.stores).toHaveLength(1);
    const next = await clients
      .client()
      .listStores({ pageSize: 1, continuationToken: first.continuation_token });
    expect(next.stores[0]?.id).not.toBe(first.stores[0]?.id);
  });

  it('an unknown path under /fga answers OpenFGA-style JSON', async () => {
    const response = await post('/stores/01ARZ3NDEKTSV4RRFFQ69G5FAV/nothing-here', {});
    expect(response).toMatchObject({ status: 404, body: { code: 'undefined_endpoint' } });
  });
});

describe('limits and errors', () => {
  it('a write of 101 tuples is refused with 2053 and writes nothing', async () => {
    const { client } = await storeWithModel();
    const tuples = Array.from({ length: 101 }, (_, i) => ({ ...anne, object: `document:${i}` }));
    const refusal = await client.write({ writes: tuples }).catch((error: unknown) => error);
    expect(statusOf(refusal)).toBe(400);
    expect(errorCodeOf(refusal)).toBe(2053);
    expect((await client.read()).tuples).toEqual([]);
  });

  it('a body that fails the schema is validation_error, saying what failed', async () => {
    const { storeId } = await storeWithModel();
    const refused = await post(`/stores/${storeId}/check`, { tuple_key: { object: 'document:1' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'validation_error' } });
    expect(refused.body.message).toContain('relation');
  });

  it('a model that does not validate is refused with 2056', async () => {
    const { client } = await storeWithModel();
    const invalid = {
      schema_version: '1.1',
      type_definitions: [
        { type: 'document', relations: { viewer: { computedUserset: { relation: 'nope' } } } },
      ],
    };
    const refusal = await client.writeAuthorizationModel(invalid as never).catch((error: unknown) => error);
    expect(errorCodeOf(refusal)).toBe(2056);
  });

  it('a check whose resolution is deeper than 25 is refused with 2002, and answers', async () => {
    const { id } = await clients.client().createStore({ name: 'deep' });
    const client = clients.client(id);
    await client.writeAuthorizationModel(
      parseModelDsl(`model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
`) as never,
    );
    const chain = Array.from({ length: 30 }, (_, i) => ({
      user: `group:g${i + 1}#member`,
      relation: 'member',
      object: `group:g${i}`,
    }));
    await client.write({
      writes: [...chain, { user: 'user:anne', relation: 'member', object: 'group:g30' }],
    });
    const refusal = await client
      .check({ user: 'user:anne', relation: 'member', object: 'group:g0' })
      .catch((error: unknown) => error);
    expect(errorCodeOf(refusal)).toBe(2002);
  });

  it("one store's tuples are never visible from another", async () => {
    const first = await storeWithModel();
    const second = await storeWithModel();
    await first.client.write({ writes: [anne] });
    expect((await first.client.check(anne)).allowed).toBe(true);
    expect((await second.client.check(anne)).allowed).toBe(false);
    expect((await second.client.read()).tuples).toEqual([]);
  });

  it('more than 100 contextual tuples are refused, and contextual tuples are never stored', async () => {
    const { client } = await storeWithModel();
    const many = Array.from({ length: 101 }, (_, i) => ({ ...anne, object: `document:${i}` }));
    expect(
      errorCodeOf(await client.check({ ...anne, contextualTuples: many }).catch((e: unknown) => e)),
    ).toBe(2000);
    expect((await client.check({ ...anne, contextualTuples: [anne] })).allowed).toBe(true);
    expect((await client.read()).tuples).toEqual([]);
  });

  it('a duplicate write is 2017 unless on_duplicate is ignore', async () => {
    const { client } = await storeWithModel();
    await client.write({ writes: [anne] });
    expect(errorCodeOf(await client.write({ writes: [anne] }).catch((error: unknown) => error))).toBe(2017);
    await client.write(
      { writes: [anne] },
      { conflict: { onDuplicateWrites: 'ignore' as never, onMissingDeletes: 'error' as never } },
    );
  });
});

describe('reads', () => {
  async function storeWithDocuments(count: number) {
    const store = await storeWithModel();
    const tuples = Array.from({ length: count }, (_, i) => ({ ...anne, object: `document:${i}` }));
    for (let i = 0; i < tuples.length; i += 100)
      await store.client.write({ writes: tuples.slice(i, i + 100) });
    return store;
  }

  it('ListObjects returns every object unless asked to page, and pages cover them once', async () => {
    const { storeId } = await storeWithDocuments(250);
    const request = { user: 'user:anne', relation: 'viewer', type: 'document' };
    const all = await post(`/stores/${storeId}/list-objects`, request);
    expect(all.body.objects).toHaveLength(250);
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await post(`/stores/${storeId}/list-objects`, {
        ...request,
        page_size: 100,
        ...(token && { continuation_token: token }),
      });
      seen.push(...page.body.objects);
      token = page.body.continuation_token;
      pages++;
    } while (token !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...all.body.objects].sort());
  });

  it('streamed ListObjects streams every object as {"result":{"object"}} lines', async () => {
    const { client } = await storeWithDocuments(150);
    const objects: string[] = [];
    for await (const item of client.streamedListObjects({
      user: 'user:anne',
      relation: 'viewer',
      type: 'document',
    })) {
      objects.push(item.object);
    }
    expect(new Set(objects).size).toBe(150);
  });

  it('streamed ListObjects refuses a bad request with an error reply, not a broken stream', async () => {
    const { storeId } = await storeWithModel();
    const refused = await post(`/stores/${storeId}/streamed-list-objects`, {
      user: 'user:anne',
      relation: 'viewer',
      type: 'nosuchtype',
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'type_not_found' } });
  });

  it('Read pages in write order and ReadChanges lists writes and deletes', async () => {
    const { client } = await storeWithDocuments(5);
    await client.write({ deletes: [{ ...anne, object: 'document:0' }] });
    const first = await client.read({}, { pageSize: 3 });
    expect(first.tuples.map((tuple) => tuple.key.object)).toEqual(['document:1', 'document:2', 'document:3']);
    const second = await client.read({}, { pageSize: 3, continuationToken: first.continuation_token });
    expect(second.tuples.map((tuple) => tuple.key.object)).toEqual(['document:4']);
    expect(second.continuation_token).toBe('');
    const changes = await client.readChanges({ type: 'document' }, { pageSize: 100 });
    expect(changes.changes.map((change) => change.operation)).toEqual([
      ...Array(5).fill('TUPLE_OPERATION_WRITE'),
      'TUPLE_OPERATION_DELETE',
    ]);
    expect(changes.continuation_token).not.toBe('');
  });

  it("a model's assertions are written and read back through the SDK", async () => {
    const { client } = await storeWithModel();
    const { authorization_model_id: modelId } = await client
      .readLatestAuthorizationModel()
      .then((response) => ({
        authorization_model_id: response.authorization_model?.id ?? '',
      }));
    await client.writeAssertions([{ ...anne, expectation: true }], { authorizationModelId: modelId });
    const read = await client.readAssertions({ authorizationModelId: modelId });
    expect(read.assertions).toEqual([{ tuple_key: anne, expectation: true }]);
  });

  it('BatchCheck answers each item under its correlation id', async () => {
    const { client } = await storeWithModel();
    await client.write({ writes: [anne] });
    const { result } = await client.batchCheck({
      checks: [
        { ...anne, correlationId: 'a' },
        { ...anne, user: 'user:bob', correlationId: 'b' },
      ],
    });
    const byId = Object.fromEntries(result.map((item) => [item.correlationId, item.allowed]));
    expect(byId).toEqual({ a: true, b: false });
  });
});

describe('who may call the API', () => {
  it('no credential, or one Tessera did not issue, is 401 unauthenticated', async () => {
    const { storeId } = await storeWithModel();
    for (const token of ['', 'tfga_not-a-real-token', 'eyJhbGciOiJub25lIn0.e30.']) {
      const response = await post(`/stores/${storeId}/check`, { tuple_key: anne }, token);
      expect(response).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    }
  });

  it('an API token without the scope an operation needs is 403 forbidden', async () => {
    const { storeId } = await storeWithModel();
    const reader = await clients.apiToken(['fga:read']);
    expect((await post(`/stores/${storeId}/check`, { tuple_key: anne }, reader)).status).toBe(200);
    const write = await post(`/stores/${storeId}/write`, { writes: { tuple_keys: [anne] } }, reader);
    expect(write).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const writer = await clients.apiToken(['fga:write']);
    expect((await post(`/stores/${storeId}/write`, { writes: { tuple_keys: [anne] } }, writer)).status).toBe(
      200,
    );
    expect((await post('/stores', { name: 'not allowed' }, writer)).status).toBe(403);
  });

  it('an access token minted for another audience is 401; one for the FGA API without the scope is 403', async () => {
    const { storeId } = await storeWithModel();
    const tokenFor = async (audience: string, scopes: string[]) => {
      const { clientId, clientSecret } = await server.createClient({ audience, scopes });
      const response = await postForm(`${server.issuer}/oauth2/token`, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const otherService = await tokenFor('https://api.example.com', ['fga:read']);
    expect((await post(`/stores/${storeId}/check`, { tuple_key: anne }, otherService)).status).toBe(401);
    const noScope = await tokenFor(fgaAudience(server.issuer), ['read']);
    expect((await post(`/stores/${storeId}/check`, { tuple_key: anne }, noScope)).status).toBe(403);
  });

  it('@openfga/sdk with CredentialsMethod.ClientCredentials gets its token from Tessera and is let in', async () => {
    const { clientId, clientSecret } = await server.createClient({
      audience: fgaAudience(server.issuer),
      scopes: ['fga:read', 'fga:write', 'fga:admin'],
    });
    const sdk = new OpenFgaClient({
      apiUrl: clients.apiUrl,
      credentials: {
        method: CredentialsMethod.ClientCredentials,
        config: {
          apiTokenIssuer: `${server.issuer}/oauth2/token`,
          apiAudience: fgaAudience(server.issuer),
          clientId,
          clientSecret,
        },
      },
    });
    const { id } = await sdk.createStore({ name: 'client credentials' });
    expect((await sdk.getStore({ storeId: id })).name).toBe('client credentials');
  });

  it('@openfga/sdk with ClientCredentials and private_key_jwt (aud = the token endpoint with a trailing /) is let in', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'sdk', alg: 'ES256', use: 'sig' };
    const { clientId } = await server.createClient({
      audience: fgaAudience(server.issuer),
      scopes: ['fga:admin'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const sdk = new OpenFgaClient({
      apiUrl: clients.apiUrl,
      credentials: {
        method: CredentialsMethod.ClientCredentials,
        config: {
          apiTokenIssuer: `${server.issuer}/oauth2/token`,
          apiAudience: fgaAudience(server.issuer),
          clientId,
          clientAssertionSigningKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
          clientAssertionSigningAlgorithm: 'ES256',
        },
      },
    });
    const { id } = await sdk.createStore({ name: 'private key jwt' });
    expect((await sdk.getStore({ storeId: id })).name).toBe('private key jwt');
  });
});
