// The FGA API's administration (fga:admin): stores, authorization models and their assertions.
import { readAssertions, writeAssertions } from './commands/assertions.js';
import {
  readAuthorizationModel,
  readAuthorizationModels,
  writeAuthorizationModel,
} from './commands/authorization-models.js';
import { createStore, deleteStore, getStore, listStores } from './commands/stores.js';
import * as json from './fga-json.js';
import {
  type FgaRoute,
  type FgaRouteDependencies,
  type PageJson,
  pageOf,
  storeIdOf as storeId,
} from './fga-route.js';

interface StoreParams {
  store_id: string;
}

export function registerFgaAdminRoutes(route: FgaRoute, deps: FgaRouteDependencies): void {
  // Stores.
  route('POST', '/stores', 'fga:admin', { body: json.createStoreBody }, async (request, reply) => {
    const store = await createStore(deps, (request.body as { name: string }).name);
    return reply.code(201).send(json.storeJson(store));
  });
  route('GET', '/stores', 'fga:admin', { querystring: json.pageQuery }, async (request) => {
    const query = request.query as PageJson & { name?: string };
    const page = await listStores(deps, pageOf(query), query.name || undefined);
    return { stores: page.items.map(json.storeJson), continuation_token: page.continuationToken ?? '' };
  });
  route('GET', '/stores/:store_id', 'fga:admin', { params: json.storeIdParams }, async (request) =>
    json.storeJson(await getStore(deps, storeId(request))),
  );
  route(
    'DELETE',
    '/stores/:store_id',
    'fga:admin',
    { params: json.storeIdParams },
    async (request, reply) => {
      await deleteStore(deps, storeId(request));
      return reply.code(204).send();
    },
  );

  // Authorization models.
  route(
    'POST',
    '/stores/:store_id/authorization-models',
    'fga:admin',
    { params: json.storeIdParams, body: json.writeModelBody },
    async (request, reply) => {
      const body = request.body as Parameters<typeof writeAuthorizationModel>[2];
      const stored = await writeAuthorizationModel(deps, storeId(request), body);
      return reply.code(201).send({ authorization_model_id: stored.id });
    },
  );
  route(
    'GET',
    '/stores/:store_id/authorization-models',
    'fga:admin',
    { params: json.storeIdParams, querystring: json.pageQuery },
    async (request) => {
      const page = await readAuthorizationModels(deps, storeId(request), pageOf(request.query as PageJson));
      return {
        authorization_models: page.items.map(json.modelJson),
        continuation_token: page.continuationToken ?? '',
      };
    },
  );
  route(
    'GET',
    '/stores/:store_id/authorization-models/:id',
    'fga:admin',
    {
      params: {
        ...json.storeIdParams,
        properties: { ...json.storeIdParams.properties, id: { type: 'string' } },
      },
    },
    async (request) => {
      const { id } = request.params as StoreParams & { id: string };
      return {
        authorization_model: json.modelJson(await readAuthorizationModel(deps, storeId(request), id)),
      };
    },
  );

  // Assertions.
  route(
    'PUT',
    '/stores/:store_id/assertions/:authorization_model_id',
    'fga:admin',
    { params: json.assertionsParams, body: json.writeAssertionsBody },
    async (request, reply) => {
      const { authorization_model_id } = request.params as StoreParams & { authorization_model_id: string };
      const body = request.body as { assertions: Record<string, unknown>[] };
      await writeAssertions(deps, storeId(request), authorization_model_id, body.assertions);
      return reply.code(204).send();
    },
  );
  route(
    'GET',
    '/stores/:store_id/assertions/:authorization_model_id',
    'fga:admin',
    { params: json.assertionsParams },
    async (request) => {
      const { authorization_model_id } = request.params as StoreParams & { authorization_model_id: string };
      const stored = await readAssertions(deps, storeId(request), authorization_model_id);
      return { authorization_model_id, assertions: stored };
    },
  );
}
