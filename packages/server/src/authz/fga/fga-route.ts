// What every FGA route shares: how it is declared (its scope, schema and handler; registerFgaRoutes authenticates,
// limits and validates it), and the reading of the parameters every store-scoped request may carry.
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { QueryInput } from './commands/queries.js';
import { CONSISTENCY_TOKEN_HEADER, type ConsistencyRequest } from './consistency-token.js';
import type { FgaAuthenticationDependencies } from './fga-authentication.js';
import type { FgaDependencies } from './fga-dependencies.js';
import * as json from './fga-json.js';
import type { FgaScope } from './fga-scopes.js';

export type FgaRouteDependencies = FgaDependencies & FgaAuthenticationDependencies;

export type FgaHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Declares one route of the API under /fga: `scope` is what its caller needs. */
export type FgaRoute = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  scope: FgaScope,
  schema: FastifySchema,
  handler: FgaHandler,
) => void;

/** The model a request used, as OpenFGA's responses name it. */
export const MODEL_ID_HEADER = 'openfga-authorization-model-id';
const DEFAULT_PAGE_SIZE = 50;

export function storeIdOf(request: FastifyRequest): string {
  return (request.params as { store_id: string }).store_id;
}

export interface PageJson {
  page_size?: number;
  continuation_token?: string;
}

export function pageOf(query: PageJson) {
  return {
    pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    ...(query.continuation_token && { continuationToken: query.continuation_token }),
  };
}

export function modelIdHeader(request: FastifyRequest): string | undefined {
  const value = request.headers[MODEL_ID_HEADER];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The token from the body, else from the Tessera-Consistency-Token header; and the preference. */
export function consistencyOf(
  request: FastifyRequest,
  body: { consistency?: json.ConsistencyJson; consistency_token?: string },
): ConsistencyRequest {
  const header = request.headers[CONSISTENCY_TOKEN_HEADER];
  const token = body.consistency_token || (typeof header === 'string' && header !== '' ? header : undefined);
  return { token, preference: body.consistency };
}

export function queryOf(request: FastifyRequest, body: json.QueryJson): QueryInput {
  return {
    modelId: body.authorization_model_id || modelIdHeader(request),
    contextualTuples: (body.contextual_tuples?.tuple_keys ?? []).map(json.fromTupleKeyJson),
    context: body.context,
    consistency: consistencyOf(request, body),
  };
}
