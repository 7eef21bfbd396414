// The FGA API's queries (fga:read): Check, BatchCheck, Expand, and ListObjects and ListUsers (each unary, paged on
// request, and streamed as NDJSON with back-pressure).
import { Readable } from 'node:stream';
import type { BatchCheckItem } from '@tessera/rebac';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { batchCheck, check, expand, listObjects, listUsers } from './commands/queries.js';
import { FgaError } from './fga-error.js';
import * as json from './fga-json.js';
import {
  type FgaRoute,
  type FgaRouteDependencies,
  MODEL_ID_HEADER,
  queryOf,
  storeIdOf as storeId,
} from './fga-route.js';
import { pageOfResults } from './result-pages.js';

export function registerFgaQueryRoutes(route: FgaRoute, deps: FgaRouteDependencies): void {
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
      return resultsJson(objects, body, 'objects', (object) => object);
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
      return streamResults(reply, objects, (object) => ({ object }));
    },
  );
  route(
    'POST',
    '/stores/:store_id/list-users',
    'fga:read',
    { params: json.storeIdParams, body: json.listUsersBody },
    async (request) => {
      const body = request.body as ListUsersJson;
      const users = await listUsers(deps, storeId(request), listUsersInput(request, body));
      return resultsJson(users, body, 'users', json.userJson);
    },
  );
  route(
    'POST',
    '/stores/:store_id/streamed-list-users',
    'fga:read',
    { params: json.storeIdParams, body: json.listUsersBody },
    async (request, reply) => {
      const body = request.body as ListUsersJson;
      const users = await listUsers(deps, storeId(request), listUsersInput(request, body));
      return streamResults(reply, users, (user) => ({ user: json.userJson(user) }));
    },
  );
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
  page_size?: number;
  continuation_token?: string;
}

function listObjectsInput(request: FastifyRequest, body: ListObjectsJson) {
  return { ...queryOf(request, body), type: body.type, relation: body.relation, user: body.user };
}

function listUsersInput(request: FastifyRequest, body: ListUsersJson) {
  return {
    ...queryOf(request, { ...body, contextual_tuples: { tuple_keys: body.contextual_tuples ?? [] } }),
    object: `${body.object.type}:${body.object.id}`,
    relation: body.relation,
    userFilters: body.user_filters.map((filter) =>
      filter.relation ? { type: filter.type, relation: filter.relation } : { type: filter.type },
    ),
  };
}

/**
 * The unary ListObjects and ListUsers answer: every result under `field`, or with `page_size` one page of them and
 * the next page's token (result-pages.ts).
 */
async function resultsJson(
  results: AsyncIterable<string>,
  body: { page_size?: number; continuation_token?: string },
  field: 'objects' | 'users',
  toJson: (result: string) => unknown,
): Promise<Record<string, unknown>> {
  if (body.page_size === undefined) {
    const all: unknown[] = [];
    for await (const result of results) all.push(toJson(result));
    return { [field]: all };
  }
  const page = await pageOfResults(results, body.page_size, body.continuation_token);
  return { [field]: page.results.map(toJson), continuation_token: page.continuationToken };
}

/**
 * The streamed ListObjects and ListUsers answer, NDJSON: the first result (or the request's refusal) is awaited
 * before the response starts, so a refusal is a normal error reply.
 */
async function streamResults(
  reply: FastifyReply,
  results: AsyncGenerator<string, void, undefined>,
  result: (value: string) => unknown,
): Promise<FastifyReply> {
  const first = await results.next();
  return reply
    .type('application/x-ndjson')
    .header('cache-control', 'no-store')
    .send(Readable.from(streamedLines(first, results, result)));
}

/**
 * OpenFGA's streamed shape, one `{"result": …}` object per line (`result` renders one found value); a failure after
 * the first line ends the stream with an error line. Readable.from pulls the next value only when the socket takes
 * more, so a slow reader holds the resolution back instead of buffering it.
 */
async function* streamedLines(
  first: IteratorResult<string, void>,
  rest: AsyncGenerator<string, void, undefined>,
  result: (value: string) => unknown,
): AsyncGenerator<string, void, undefined> {
  if (first.done) return;
  yield `${JSON.stringify({ result: result(first.value) })}\n`;
  try {
    for await (const value of rest) yield `${JSON.stringify({ result: result(value) })}\n`;
  } catch (error) {
    const failure = error instanceof FgaError ? error : FgaError.unexpected(error);
    yield `${JSON.stringify({ error: { code: failure.code, message: failure.message } })}\n`;
  }
}
