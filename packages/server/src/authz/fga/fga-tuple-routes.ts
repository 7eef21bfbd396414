// The FGA API's tuples: Write (fga:write), Read and ReadChanges (fga:read).
import type { TupleFilter } from '@tessera/rebac';
import { readChanges } from './commands/read-changes.js';
import { readTuples } from './commands/read-tuples.js';
import { writeTuples } from './commands/write-tuples.js';
import { CONSISTENCY_TOKEN_HEADER } from './consistency-token.js';
import { FgaError } from './fga-error.js';
import * as json from './fga-json.js';
import {
  consistencyOf,
  type FgaRoute,
  type FgaRouteDependencies,
  MODEL_ID_HEADER,
  modelIdHeader,
  type PageJson,
  pageOf,
  storeIdOf as storeId,
} from './fga-route.js';

export function registerFgaTupleRoutes(route: FgaRoute, deps: FgaRouteDependencies): void {
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

function startTimeOf(value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new FgaError('invalid_start_time', 2011, 'Invalid start time');
  return time;
}
