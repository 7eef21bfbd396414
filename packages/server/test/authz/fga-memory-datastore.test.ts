// TESSERA_FGA_DATASTORE=memory (OpenFGA's memory datastore): the FGA API's stores, models, tuples and assertions live
// in the serving process, none of it in the database, and none of it survives a restart; the CLI, another process,
// refuses to work on FGA data it cannot reach.
import { parseModelDsl } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { errorCodeOf, type FgaClients, FOLDER_DOCUMENT_MODEL, fgaClients } from './support/fga-clients.js';

const MEMORY = { TESSERA_FGA_DATASTORE: 'memory' };
const anne = { user: 'user:anne', relation: 'viewer', object: 'document:1' };

let server: TestServer;
let clients: FgaClients;

beforeAll(async () => {
  server = await startTestServer({ env: MEMORY });
  clients = await fgaClients(server);
});
afterAll(() => server?.cleanup());

describe('the FGA API on the memory datastore', () => {
  it('keeps stores, models, tuples and assertions in the process, none of them in the database', async () => {
    const { id } = await clients.client().createStore({ name: 'in memory' });
    const client = clients.client(id);
    const { authorization_model_id: modelId } = await client.writeAuthorizationModel(
      parseModelDsl(FOLDER_DOCUMENT_MODEL) as never,
    );
    await client.write({ writes: [anne] });
    await client.writeAssertions([{ ...anne, expectation: true }], { authorizationModelId: modelId });

    expect((await client.check(anne)).allowed).toBe(true);
    expect((await client.read()).tuples.map((tuple) => tuple.key)).toEqual([anne]);
    expect((await client.readAssertions({ authorizationModelId: modelId })).assertions).toHaveLength(1);
    expect((await client.readChanges()).changes).toHaveLength(1);

    const sql = server.runtime.stores;
    expect(await sql.fgaStores.find(id)).toBeUndefined();
    expect(await sql.fgaModels.latestId(id)).toBeUndefined();
    expect((await sql.fgaTuples.forStore(id).readPage({}, { pageSize: 10 })).items).toEqual([]);
  });

  it('lists stores oldest first, by name, in pages; models newest first, in pages', async () => {
    const names = ['memory list a', 'memory list b', 'memory list a'];
    const ids: string[] = [];
    for (const name of names) ids.push((await clients.client().createStore({ name })).id);
    const named = await clients.client().listStores({ pageSize: 1, name: 'memory list a' } as never);
    expect(named.stores.map((store) => store.id)).toEqual([ids[0]]);
    const rest = await clients.client().listStores({
      pageSize: 5,
      name: 'memory list a',
      continuationToken: named.continuation_token,
    } as never);
    expect(rest.stores.map((store) => store.id)).toEqual([ids[2]]);
    expect(rest.continuation_token).toBe('');

    const client = clients.client(ids[1]);
    const model = parseModelDsl(FOLDER_DOCUMENT_MODEL) as never;
    const first = (await client.writeAuthorizationModel(model)).authorization_model_id;
    const second = (await client.writeAuthorizationModel(model)).authorization_model_id;
    const page = await client.readAuthorizationModels({ pageSize: 1 });
    expect(page.authorization_models.map((m) => m.id)).toEqual([second]);
    const next = await client.readAuthorizationModels({
      pageSize: 1,
      continuationToken: page.continuation_token,
    });
    expect(next.authorization_models.map((m) => m.id)).toEqual([first]);
  });

  it('a deleted store answers 404 store_id_not_found', async () => {
    const { id } = await clients.client().createStore({ name: 'deleted in memory' });
    const client = clients.client(id);
    await client.deleteStore();
    const refused = await client.getStore().catch((error: unknown) => error);
    expect(errorCodeOf(refused)).toBe(5002);
  });

  it('a restarted server has none of the FGA data, and the SQL-kept API tokens still work', async () => {
    const restartable = await startTestServer({ env: MEMORY });
    try {
      const restartClients = await fgaClients(restartable);
      const { id } = await restartClients.client().createStore({ name: 'lost on restart' });
      await restartable.stop();
      const again = await startTestServer({
        env: MEMORY,
        dataDir: restartable.dataDir,
        port: Number(new URL(restartable.issuer).port),
      });
      try {
        const refused = await restartClients
          .client(id)
          .getStore()
          .catch((error: unknown) => error);
        expect(errorCodeOf(refused)).toBe(5002);
        expect((await restartClients.client().listStores()).stores).toEqual([]);
      } finally {
        await again.stop();
      }
    } finally {
      await restartable.cleanup();
    }
  });
});

describe('the CLI with TESSERA_FGA_DATASTORE=memory', () => {
  it('refuses commands on FGA data, which only the serving process holds, and still manages API tokens', async () => {
    const refused = await runCli(['fga', 'stores', 'list'], server.env);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('fga_datastore_memory');
    const tokens = await runCli(['fga', 'tokens', 'list', '--json'], server.env);
    expect(tokens.status).toBe(0);
    expect(JSON.parse(tokens.stdout)).toEqual(expect.any(Array));
  });
});
