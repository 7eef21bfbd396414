// The FGA API's JSON: OpenFGA's request shapes as Fastify schemas (types and bounds only: the engine gives OpenFGA's
// codes for what is malformed inside them), and the mapping of results to OpenFGA's snake_case responses.
import type { RelationshipCondition, StoredTuple, TupleChange, TupleKey } from '@tessera/rebac';
import type { StoredAuthorizationModel } from './authorization-model-store.js';
import type { FgaStore } from './fga-store-catalog.js';

/** Bounds far above OpenFGA's own (256 / 512 / 50), so that the engine, not the schema, refuses with its code. */
const text = { type: 'string', maxLength: 4096 } as const;
const id = { type: 'string', maxLength: 128 } as const;
const pageSize = { type: 'integer', minimum: 1, maximum: 100 } as const;
const continuationToken = { type: 'string', maxLength: 4096 } as const;
const consistency = {
  type: 'string',
  enum: ['UNSPECIFIED', 'MINIMIZE_LATENCY', 'HIGHER_CONSISTENCY'],
} as const;

const condition = {
  type: 'object',
  required: ['name'],
  properties: { name: text, context: { type: 'object' } },
} as const;

export const tupleKeySchema = {
  type: 'object',
  required: ['object', 'relation', 'user'],
  properties: { object: text, relation: text, user: text, condition },
} as const;

const tupleKeysSchema = { type: 'array', maxItems: 1000, items: tupleKeySchema } as const;
const contextualTuples = {
  type: 'object',
  properties: { tuple_keys: tupleKeysSchema },
} as const;

/** What every query body may carry besides its own fields. */
const queryProperties = {
  authorization_model_id: id,
  contextual_tuples: contextualTuples,
  context: { type: 'object' },
  consistency,
  consistency_token: continuationToken,
} as const;

export const storeIdParams = {
  type: 'object',
  required: ['store_id'],
  properties: { store_id: id },
} as const;

export const pageQuery = {
  type: 'object',
  properties: { page_size: pageSize, continuation_token: continuationToken, name: text },
} as const;

export const createStoreBody = {
  type: 'object',
  required: ['name'],
  properties: { name: text },
} as const;

export const writeModelBody = {
  type: 'object',
  required: ['schema_version', 'type_definitions'],
  properties: {
    schema_version: { type: 'string', maxLength: 16 },
    type_definitions: { type: 'array', maxItems: 10_000, items: { type: 'object' } },
    conditions: { type: 'object' },
  },
} as const;

export const writeBody = {
  type: 'object',
  properties: {
    authorization_model_id: id,
    writes: {
      type: 'object',
      properties: {
        tuple_keys: tupleKeysSchema,
        on_duplicate: { type: 'string', enum: ['error', 'ignore'] },
      },
    },
    deletes: {
      type: 'object',
      properties: {
        tuple_keys: {
          type: 'array',
          maxItems: 1000,
          items: {
            type: 'object',
            required: ['object', 'relation', 'user'],
            properties: { object: text, relation: text, user: text },
          },
        },
        on_missing: { type: 'string', enum: ['error', 'ignore'] },
      },
    },
  },
} as const;

export const readBody = {
  type: 'object',
  properties: {
    tuple_key: { type: 'object', properties: { object: text, relation: text, user: text } },
    page_size: pageSize,
    continuation_token: continuationToken,
    consistency,
    consistency_token: continuationToken,
  },
} as const;

export const checkBody = {
  type: 'object',
  required: ['tuple_key'],
  properties: { tuple_key: tupleKeySchema, ...queryProperties },
} as const;

export const batchCheckBody = {
  type: 'object',
  required: ['checks'],
  properties: {
    checks: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['tuple_key', 'correlation_id'],
        properties: {
          tuple_key: tupleKeySchema,
          contextual_tuples: contextualTuples,
          context: { type: 'object' },
          correlation_id: text,
        },
      },
    },
    authorization_model_id: id,
    consistency,
    consistency_token: continuationToken,
  },
} as const;

export const expandBody = {
  type: 'object',
  required: ['tuple_key'],
  properties: {
    tuple_key: {
      type: 'object',
      required: ['object', 'relation'],
      properties: { object: text, relation: text },
    },
    ...queryProperties,
  },
} as const;

export const listObjectsBody = {
  type: 'object',
  required: ['type', 'relation', 'user'],
  properties: {
    type: text,
    relation: text,
    user: text,
    ...queryProperties,
    // Tessera's paging of the unary endpoint; without page_size every object comes back.
    page_size: { type: 'integer', minimum: 1, maximum: 10_000 },
    continuation_token: continuationToken,
  },
} as const;

export const listUsersBody = {
  type: 'object',
  required: ['object', 'relation', 'user_filters'],
  properties: {
    object: { type: 'object', required: ['type', 'id'], properties: { type: text, id: text } },
    relation: text,
    user_filters: {
      type: 'array',
      maxItems: 100,
      items: { type: 'object', required: ['type'], properties: { type: text, relation: text } },
    },
    ...queryProperties,
    contextual_tuples: tupleKeysSchema,
    // Tessera's paging of the unary endpoint, as for ListObjects; without page_size every user comes back.
    page_size: { type: 'integer', minimum: 1, maximum: 10_000 },
    continuation_token: continuationToken,
  },
} as const;

export const changesQuery = {
  type: 'object',
  properties: {
    type: text,
    page_size: pageSize,
    continuation_token: continuationToken,
    start_time: { type: 'string', maxLength: 64 },
  },
} as const;

export const assertionsParams = {
  type: 'object',
  required: ['store_id', 'authorization_model_id'],
  properties: { store_id: id, authorization_model_id: id },
} as const;

export const writeAssertionsBody = {
  type: 'object',
  required: ['assertions'],
  properties: { assertions: { type: 'array', maxItems: 100, items: { type: 'object' } } },
} as const;

/** A tuple key as the API sends it (JSON). */
export interface TupleKeyJson {
  object: string;
  relation: string;
  user: string;
  condition?: { name: string; context?: Record<string, unknown> };
}

export type ConsistencyJson = 'UNSPECIFIED' | 'MINIMIZE_LATENCY' | 'HIGHER_CONSISTENCY';

export interface QueryJson {
  authorization_model_id?: string;
  contextual_tuples?: { tuple_keys?: TupleKeyJson[] };
  context?: Record<string, unknown>;
  consistency?: ConsistencyJson;
  consistency_token?: string;
}

export function fromTupleKeyJson(json: TupleKeyJson): TupleKey {
  const key = { object: json.object, relation: json.relation, user: json.user };
  if (!json.condition) return key;
  const condition: RelationshipCondition = json.condition.context
    ? { name: json.condition.name, context: json.condition.context }
    : { name: json.condition.name };
  return { ...key, condition };
}

export function toTupleKeyJson(key: TupleKey): TupleKeyJson {
  const json: TupleKeyJson = { object: key.object, relation: key.relation, user: key.user };
  if (key.condition) json.condition = { name: key.condition.name, context: { ...key.condition.context } };
  return json;
}

export function storeJson(store: FgaStore) {
  return {
    id: store.id,
    name: store.name,
    created_at: new Date(store.createdAt).toISOString(),
    updated_at: new Date(store.updatedAt).toISOString(),
  };
}

export function modelJson(stored: StoredAuthorizationModel) {
  return {
    id: stored.id,
    schema_version: stored.model.schema_version,
    type_definitions: stored.model.type_definitions,
    conditions: stored.model.conditions ?? {},
  };
}

export function storedTupleJson(tuple: StoredTuple) {
  return { key: toTupleKeyJson(tuple.key), timestamp: tuple.timestamp.toISOString() };
}

export function changeJson(change: TupleChange) {
  return {
    tuple_key: toTupleKeyJson(change.key),
    operation: change.operation === 'write' ? 'TUPLE_OPERATION_WRITE' : 'TUPLE_OPERATION_DELETE',
    timestamp: change.timestamp.toISOString(),
  };
}

/** A ListUsers result as OpenFGA's User: an object, a userset or a wildcard. */
export function userJson(user: string) {
  const hash = user.indexOf('#');
  const colon = user.indexOf(':');
  const type = user.slice(0, colon);
  if (hash >= 0)
    return { userset: { type, id: user.slice(colon + 1, hash), relation: user.slice(hash + 1) } };
  const userId = user.slice(colon + 1);
  return userId === '*' ? { wildcard: { type } } : { object: { type, id: userId } };
}
