// The query commands (Check, BatchCheck, Expand, ListObjects, ListUsers): each resolves the store, its model and the
// consistency asked for, then asks the engine. ListObjects and ListUsers stream every result: no cap.
import type {
  BatchCheckItem,
  BatchCheckResponse,
  CheckResponse,
  CheckTupleKey,
  ConditionContext,
  ExpandResponse,
  QueryOptions,
  TupleKey,
  UserTypeFilter,
} from '@tessera/rebac';
import { type ConsistencyRequest, consistencyFor } from '../consistency-token.js';
import { type FgaDependencies, type StoreTarget, storeTarget } from '../fga-dependencies.js';

export interface QueryInput {
  readonly modelId?: string | undefined;
  readonly contextualTuples?: readonly TupleKey[] | undefined;
  readonly context?: ConditionContext | undefined;
  readonly consistency: ConsistencyRequest;
}

interface PreparedQuery {
  readonly target: StoreTarget;
  readonly options: QueryOptions;
}

async function prepare(deps: FgaDependencies, storeId: string, input: QueryInput): Promise<PreparedQuery> {
  const target = await storeTarget(deps, storeId, input.modelId);
  const consistency = consistencyFor(storeId, input.consistency);
  return {
    target,
    options: {
      ...(input.contextualTuples && { contextualTuples: input.contextualTuples }),
      ...(input.context && { context: input.context }),
      consistency,
    },
  };
}

const engineTarget = (target: StoreTarget) => ({ model: target.model, store: target.tuples });

export async function check(
  deps: FgaDependencies,
  storeId: string,
  input: QueryInput & { readonly tupleKey: CheckTupleKey },
): Promise<CheckResponse & { modelId: string }> {
  const { target, options } = await prepare(deps, storeId, input);
  const { allowed } = await deps.engine.check(engineTarget(target), { ...options, tupleKey: input.tupleKey });
  return { allowed, modelId: target.model.id };
}

export async function batchCheck(
  deps: FgaDependencies,
  storeId: string,
  input: Omit<QueryInput, 'contextualTuples' | 'context'> & { readonly checks: readonly BatchCheckItem[] },
): Promise<BatchCheckResponse & { modelId: string }> {
  const { target, options } = await prepare(deps, storeId, input);
  const response = await deps.engine.batchCheck(engineTarget(target), {
    checks: input.checks,
    ...(options.consistency && { consistency: options.consistency }),
  });
  return { ...response, modelId: target.model.id };
}

export async function expand(
  deps: FgaDependencies,
  storeId: string,
  input: QueryInput & { readonly object: string; readonly relation: string },
): Promise<ExpandResponse> {
  const { target, options } = await prepare(deps, storeId, input);
  return deps.engine.expand(engineTarget(target), {
    ...options,
    object: input.object,
    relation: input.relation,
  });
}

/** Every object of `type` the user has `relation` on, in the order found; starts once the request is validated. */
export async function listObjects(
  deps: FgaDependencies,
  storeId: string,
  input: QueryInput & { readonly type: string; readonly relation: string; readonly user: string },
): Promise<AsyncGenerator<string, void, undefined>> {
  const { target, options } = await prepare(deps, storeId, input);
  return deps.engine.listObjects(engineTarget(target), {
    ...options,
    type: input.type,
    relation: input.relation,
    user: input.user,
  });
}

export async function listUsers(
  deps: FgaDependencies,
  storeId: string,
  input: QueryInput & {
    readonly object: string;
    readonly relation: string;
    readonly userFilters: readonly UserTypeFilter[];
  },
): Promise<AsyncGenerator<string, void, undefined>> {
  const { target, options } = await prepare(deps, storeId, input);
  return deps.engine.listUsers(engineTarget(target), {
    ...options,
    object: input.object,
    relation: input.relation,
    userFilters: input.userFilters,
  });
}
