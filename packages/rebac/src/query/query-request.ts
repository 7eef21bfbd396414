// What every query (Check, BatchCheck, Expand, ListObjects, ListUsers) shares: the model and store it runs against,
// contextual tuples, condition context and the consistency it demands, validated the same way for all.
import type { MaybePromise } from '../check/check-resolver.js';
import type { ConditionContext } from '../conditions/compile-condition.js';
import { ErrorCode, invalidTuple, isRebacError, RebacError, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { validateTupleForWrite } from '../model/validate-tuple.js';
import { ContextualTupleReader, MAX_CONTEXTUAL_TUPLES } from '../tuples/contextual-tuple-reader.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import type { ReadOptions, RelationshipReader, Revision, RevisionReader } from '../tuples/tuple-store.js';

/** The store a query reads: the resolvers' reads, and the revision when the store can tell it (for caches). */
export type QueryStore = RelationshipReader & Partial<RevisionReader>;

export interface Consistency {
  /** Never answer from data older than this revision (the token a write returned). */
  readonly minRevision?: Revision;
  /** `HIGHER_CONSISTENCY` bypasses caches; `MINIMIZE_LATENCY` (the default) may use them. */
  readonly preference?: 'MINIMIZE_LATENCY' | 'HIGHER_CONSISTENCY' | 'UNSPECIFIED';
}

export interface QueryTarget {
  readonly model: CompiledModel;
  readonly store: QueryStore;
  /**
   * The OpenFGA store id, which keeps cached answers of one store from ever serving another. Without it, the
   * store object's identity does (so a server should then reuse one store object per store).
   */
  readonly storeId?: string;
}

export interface QueryOptions {
  /** Tuples that hold for this request only (at most 100), validated like writes, never stored. */
  readonly contextualTuples?: readonly TupleKey[];
  /** Condition parameters; a tuple's own condition context wins over them. */
  readonly context?: ConditionContext;
  readonly consistency?: Consistency;
}

/** How a contextual tuple the model refuses is reported: Check says 2027 for every problem, the lists say 2000 for a condition. */
export type ContextualTupleErrors = 'invalid_tuple' | 'as_written';

export interface PreparedQuery {
  readonly reader: RelationshipReader;
  readonly readOptions: ReadOptions;
  readonly context: ConditionContext | undefined;
  /** Whether the request's answers may be cached (no contextual tuples, not HIGHER_CONSISTENCY). */
  readonly cacheable: boolean;
}

/**
 * Validates the shared parts of a query (2000 for the context, 2027 for a contextual tuple; thrown) and layers its
 * reads. Without contextual tuples nothing needs waiting for, so the preparation is returned as it is, not as a
 * promise: a Check then costs one promise, not one per step.
 */
export function prepareQuery(
  target: QueryTarget,
  options: QueryOptions,
  contextualTupleErrors: ContextualTupleErrors = 'as_written',
): MaybePromise<PreparedQuery> {
  const context = options.context;
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context))) {
    throw validationError("the 'context' field must be an object");
  }
  const contextual = options.contextualTuples ?? [];
  if (contextual.length > MAX_CONTEXTUAL_TUPLES) {
    throw new RebacError(
      ErrorCode.validation_error,
      `at most ${MAX_CONTEXTUAL_TUPLES} contextual tuples may be sent, not ${contextual.length}`,
    );
  }
  for (const tuple of contextual) {
    try {
      validateTupleForWrite(target.model, tuple);
    } catch (error) {
      if (
        contextualTupleErrors === 'invalid_tuple' &&
        isRebacError(error) &&
        error.code !== ErrorCode.invalid_tuple
      ) {
        throw invalidTuple(error.message);
      }
      throw error;
    }
  }
  const minRevision = options.consistency?.minRevision;
  const readOptions = minRevision === undefined ? {} : { minRevision };
  if (contextual.length === 0) {
    const cacheable = options.consistency?.preference !== 'HIGHER_CONSISTENCY';
    return { reader: target.store, readOptions, context, cacheable };
  }
  return ContextualTupleReader.over(target.store, contextual).then((reader) => ({
    reader,
    readOptions,
    context,
    cacheable: false,
  }));
}
