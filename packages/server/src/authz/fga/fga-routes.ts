// The OpenFGA-compatible HTTP API under /fga (OpenFGA's paths, JSON, status codes and `{code, message}` errors), so
// `@openfga/sdk` works with `apiUrl: '<issuer>/fga'`. Each route authenticates the caller, needs one scope, is
// schema-checked with a size limit, calls one command and maps its result; errors go to the server's one handler.
import { Readable } from 'node:stream';
import type { BatchCheckItem, TupleFilter } from '@tessera/rebac';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { readAssertions, writeAssertions } from './commands/assertions.js';
import {
  readAuthorizationModel,
  readAuthorizationModels,
  writeAuthorizationModel,
} from './commands/authorization-models.js';
import { batchCheck, check, expand, listObjects, listUsers, type QueryInput } from './commands/queries.js';
import { readChanges } from './commands/read-changes.js';
import { readTuples } from './commands/read-tuples.js';
import { createStore, deleteStore, getStore, listStores } from './commands/stores.js';
import { writeTuples } from './commands/write-tuples.js';
import { CONSISTENCY_TOKEN_HEADER, type ConsistencyRequest } from './consistency-token.js';
import {
  authenticateFgaCaller,
  type FgaAuthenticationDependencies,
  requireFgaScope,
} from './fga-authentication.js';
import type { FgaDependencies } from './fga-dependencies.js';
import { asFgaErrors, FgaError } from './fga-error.js';
import * as json from './fga-json.js';
import type { FgaScope } from './fga-scopes.js';
import { pageOfObjects } from './object-pages.js';

/** Where the API lives under the issuer. */
export const FGA_PATH_PREFIX = '/fga';
/** The largest body an FGA request may have (a model with many types, 100 tuples with conditions). */
const FGA_BODY_LIMIT_BYTES = 1024 * 1024;
/** The model a request used, as OpenFGA's responses name it. */
const MODEL_ID_HEADER = 'openfga-authorization-model-id';
const DEFAULT_PAGE_SIZE = 50;

export type FgaRouteDependencies = FgaDependencies & FgaAuthenticationDependencies;

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

interface StoreParams {
  store_id: string;
}

export function registerFgaRoutes(app: FastifyInstance, deps: FgaRouteDependencies): void {
  const route = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    scope: FgaScope,
    schema: FastifySchema,
    handler: Handler,
  ) => {
    app.route({
      method,
      url: `${FGA_PATH_PREFIX}${path}`,
      schema,
      bodyLimit: FGA_BODY_LIMIT_BYTES,
      // Before the body is read or validated: a caller without a credential learns nothing about the request.
      onRequest: async (request) => {
        const caller = await authenticateFgaCaller(deps, request.headers.authorization);
        requireFgaScope(caller, scope);
      },
      // A body that fails its schema is OpenFGA's validation_error, with what failed.
      attachValidation: true,
      handler: (request, reply) => {
        if (request.validationError) {
          throw new FgaError('validation_error', 2000, `invalid request: ${request.validationError.message}`);
        }
        return asFgaErrors(() => handler(request, reply));
      },
    });
  };
  const storeId = (request: FastifyRequest) => (request.params as StoreParams).store_id;

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

  // Tuples.
  route(
    'POST',
    '/stores/:store_id/write',
    'fga:write',
    { params: json.storeIdParams, body: json.writeBody },
    async (request, reply) => {
      const body = request.body as WriteJson;
      const result = await writeTuples(deps, storeId(request), {
        modelId: body.authorization_model_id ?? modelIdHeader(request),
        writes: (body.writes?.tuple_keys ?? []).map(json.fromTupleKeyJson),
        deletes: body.deletes?.tuple_keys ?? [],
        onDuplicate: body.writes?.on_duplicate,
        onMissing: body.deletes?.on_missing,
      });
      reply.header(CONSISTENCY_TOKEN_HEADER, result.consistencyToken).header(MODEL_ID_HEADER, result.modelId);
      return { consistency_token: result.consistencyToken };
    },
  );
  route(
    'POST',
    '/stores/:store_id/read',
    'fga:read',
    { params: json.storeIdParams, body: json.readBody },
    async (request) => {
      const body = (request.body ?? {}) as ReadJson;
      const filter: TupleFilter = {
        ...(body.tuple_key?.object && { object: body.tuple_key.object }),
        ...(body.tuple_key?.relation && { relation: body.tuple_key.relation }),
        ...(body.tuple_key?.user && { user: body.tuple_key.user }),
      };
      const page = await readTuples(
        deps,
        storeId(request),
        { filter, pageSize: body.page_size, continuationToken: body.continuation_token },
        consistencyOf(request, body),
      );
      return {
        tuples: page.items.map(json.storedTupleJson),
        continuation_token: page.continuationToken ?? '',
      };
    },
  );
  route(
    'GET',
    '/stores/:store_id/changes',
    'fga:read',
    { params: json.storeIdParams, querystring: json.changesQuery },
    async (request) => {
      const query = request.query as PageJson & { type?: string; start_time?: string };
      const page = await readChanges(deps, storeId(request), {
        ...(query.type && { type: query.type }),
        ...(query.start_time && { startTime: startTimeOf(query.start_time) }),
        ...pageOf(query),
      });
      return { changes: page.items.map(json.changeJson), continuation_token: page.continuationToken };
    },
  );

  // Queries.
  route(
    'POST',
    '/stores/:store_id/check',
    'fga:read',
    { params: json.storeIdParams, body: json.checkBody },
    async (request, reply) => {
      const body = request.body as json.QueryJson & { tuple_key: json.TupleKeyJson };
      const { object, relation, user } = body.tuple_key;
      const result = await check(deps, storeId(request), {
        ...queryOf(request, body),
        tupleKey: { object, relation, user },
      });
      reply.header(MODEL_ID_HEADER, result.modelId);
      return { allowed: result.allowed, resolution: '' };
    },
  );
  route(
    'POST',
    '/stores/:store_id/batch-check',
    'fga:read',
    { params: json.storeIdParams, body: json.batchCheckBody },
    async (request, reply) => {
      const body = request.body as json.QueryJson & { checks: BatchCheckJson[] };
      const checks: BatchCheckItem[] = body.checks.map((item) => ({
        tupleKey: {
          object: item.tuple_key.object,
          relation: item.tuple_key.relation,
          user: item.tuple_key.user,
        },
        correlationId: item.correlation_id,
        ...(item.contextual_tuples?.tuple_keys && {
          contextualTuples: item.contextual_tuples.tuple_keys.map(json.fromTupleKeyJson),
        }),
        ...(item.context && { context: item.context }),
      }));
      const query = queryOf(request, body);
      const response = await batchCheck(deps, storeId(request), {
        modelId: query.modelId,
        consistency: query.consistency,
        checks,
      });
      reply.header(MODEL_ID_HEADER, response.modelId);
      const result: Record<string, unknown> = {};
      for (const [id, item] of response.result) {
        result[id] = item.error
          ? {
              error: {
                [item.error.code < 4000 ? 'input_error' : 'internal_error']: FgaError.nameOf(item.error.code),
                message: item.error.message,
              },
            }
          : { allowed: item.allowed };
      }
      return { result };
    },
  );
  route(
    'POST',
    '/stores/:store_id/expand',
    'fga:read',
    { params: json.storeIdParams, body: json.expandBody },
    async (request) => {
      const body = request.body as json.QueryJson & { tuple_key: { object: string; relation: string } };
      return expand(deps, storeId(request), {
        ...queryOf(request, body),
        object: body.tuple_key.object,
        relation: body.tuple_key.relation,
      });
    },
  );
  route(
    'POST',
    '/stores/:store_id/list-objects',
    'fga:read',
    { params: json.storeIdParams, body: json.listObjectsBody },
    async (request) => {
      const body = request.body as ListObjectsJson;
      const objects = await listObjects(deps, storeId(request), listObjectsInput(request, body));
      if (body.page_size === undefined) {
        const all: string[] = [];
        for await (const object of objects) all.push(object);
        return { objects: all };
      }
      const page = await pageOfObjects(objects, body.page_size, body.continuation_token);
      return { objects: page.objects, continuation_token: page.continuationToken };
    },
  );
  route(
    'POST',
    '/stores/:store_id/streamed-list-objects',
    'fga:read',
    { params: json.storeIdParams, body: json.listObjectsBody },
    async (request, reply) => {
      const body = request.body as ListObjectsJson;
      const objects = await listObjects(deps, storeId(request), listObjectsInput(request, body));
      // The first result (or the request's refusal) before the response starts: a refusal is a normal error reply.
      const first = await objects.next();
      return reply
        .type('application/x-ndjson')
        .header('cache-control', 'no-store')
        .send(Readable.from(streamedLines(first, objects)));
    },
  );
  route(
    'POST',
    '/stores/:store_id/list-users',
    'fga:read',
    { params: json.storeIdParams, body: json.listUsersBody },
    async (request) => {
      const body = request.body as ListUsersJson;
      const users = await listUsers(deps, storeId(request), {
        ...queryOf(request, { ...body, contextual_tuples: { tuple_keys: body.contextual_tuples ?? [] } }),
        object: `${body.object.type}:${body.object.id}`,
        relation: body.relation,
        userFilters: body.user_filters.map((filter) =>
          filter.relation ? { type: filter.type, relation: filter.relation } : { type: filter.type },
        ),
      });
      const out: unknown[] = [];
      for await (const user of users) out.push(json.userJson(user));
      return { users: out };
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

interface PageJson {
  page_size?: number;
  continuation_token?: string;
}

interface WriteJson {
  authorization_model_id?: string;
  writes?: { tuple_keys?: json.TupleKeyJson[]; on_duplicate?: 'error' | 'ignore' };
  deletes?: {
    tuple_keys?: { object: string; relation: string; user: string }[];
    on_missing?: 'error' | 'ignore';
  };
}

interface ReadJson extends PageJson {
  tuple_key?: { object?: string; relation?: string; user?: string };
  consistency?: json.ConsistencyJson;
  consistency_token?: string;
}

interface BatchCheckJson {
  tuple_key: json.TupleKeyJson;
  contextual_tuples?: { tuple_keys?: json.TupleKeyJson[] };
  context?: Record<string, unknown>;
  correlation_id: string;
}

interface ListObjectsJson extends json.QueryJson {
  type: string;
  relation: string;
  user: string;
  page_size?: number;
  continuation_token?: string;
}

interface ListUsersJson extends Omit<json.QueryJson, 'contextual_tuples'> {
  object: { type: string; id: string };
  relation: string;
  user_filters: { type: string; relation?: string }[];
  contextual_tuples?: json.TupleKeyJson[];
}

function pageOf(query: PageJson) {
  return {
    pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    ...(query.continuation_token && { continuationToken: query.continuation_token }),
  };
}

function modelIdHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[MODEL_ID_HEADER];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The token from the body, else from the Tessera-Consistency-Token header; and the preference. */
function consistencyOf(
  request: FastifyRequest,
  body: { consistency?: json.ConsistencyJson; consistency_token?: string },
): ConsistencyRequest {
  const header = request.headers[CONSISTENCY_TOKEN_HEADER];
  const token = body.consistency_token || (typeof header === 'string' && header !== '' ? header : undefined);
  return { token, preference: body.consistency };
}

function queryOf(request: FastifyRequest, body: json.QueryJson): QueryInput {
  return {
    modelId: body.authorization_model_id || modelIdHeader(request),
    contextualTuples: (body.contextual_tuples?.tuple_keys ?? []).map(json.fromTupleKeyJson),
    context: body.context,
    consistency: consistencyOf(request, body),
  };
}

function listObjectsInput(request: FastifyRequest, body: ListObjectsJson) {
  return { ...queryOf(request, body), type: body.type, relation: body.relation, user: body.user };
}

function startTimeOf(value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new FgaError('invalid_start_time', 2011, 'Invalid start time');
  return time;
}

/** OpenFGA's streamed shape, one JSON object per line; a failure after the first line ends the stream with an error line. */
async function* streamedLines(
  first: IteratorResult<string, void>,
  rest: AsyncGenerator<string, void, undefined>,
): AsyncGenerator<string, void, undefined> {
  if (first.done) return;
  yield `${JSON.stringify({ result: { object: first.value } })}\n`;
  try {
    for await (const object of rest) yield `${JSON.stringify({ result: { object } })}\n`;
  } catch (error) {
    const failure = error instanceof FgaError ? error : FgaError.unexpected(error);
    yield `${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`;
  }
}
