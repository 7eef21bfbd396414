// @tessera/rebac: a Zanzibar-style relationship engine that speaks the OpenFGA model language. No HTTP, no SQL: the
// server adds its tuple store and the OpenFGA API on top.

export {
  type BatchCheckItem,
  type BatchCheckRequest,
  type BatchCheckResponse,
  type BatchCheckResult,
  batchCheck,
  MAX_BATCH_CHECK_ITEMS,
} from './check/batch-check.js';
export { buildCheckResolver, type CheckResolverOptions } from './check/build-check-resolver.js';
export { type CheckRequest, type CheckResponse, type CheckTupleKey, check } from './check/check.js';
export type { CheckOutcome, CheckResolver, CheckScope, ResolveCheckRequest } from './check/check-resolver.js';
export { DEFAULT_MAX_RESOLUTION_DEPTH } from './check/depth-limited-resolver.js';
export {
  type CompiledCondition,
  type ConditionContext,
  compileCondition,
} from './conditions/compile-condition.js';
export { ErrorCode, type ErrorCodeName, type ErrorCodeValue, isRebacError, RebacError } from './errors.js';
export { type ExpandRequest, type ExpandResponse, expand, type UsersetTreeNode } from './expand/expand.js';
export { ulid } from './ids.js';
export { collectObjects, type ListObjectsRequest, listObjects } from './list-objects/list-objects.js';
export { type ListUsersRequest, listUsers, type UserTypeFilter } from './list-users/list-users.js';
export { CompiledModel, type RelationInfo } from './model/compiled-model.js';
export { compileModelDsl, compileModelJson } from './model/load-model.js';
export type {
  AuthorizationModelJson,
  ConditionDefinition,
  RelationReference,
  TypeDefinition,
  Userset,
} from './model/model-json.js';
export { parseModelDsl, validateModelJson } from './model/parse-model.js';
export { isTupleReadable, validateTupleForWrite } from './model/validate-tuple.js';
export type { Consistency, QueryOptions, QueryStore, QueryTarget } from './query/query-request.js';
export { createRebacEngine, RebacEngine, type RebacEngineOptions } from './rebac-engine.js';
export {
  assertRevisionReached,
  decodeConsistencyToken,
  decodePosition,
  encodeConsistencyToken,
  encodePosition,
  RevisionWatermark,
} from './tuples/consistency-token.js';
export { ContextualTupleReader, MAX_CONTEXTUAL_TUPLES } from './tuples/contextual-tuple-reader.js';
export { MemoryTupleStore, type MemoryTupleStoreOptions } from './tuples/memory-tuple-store.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type ReadChangesRequest,
  type ReadTuplesRequest,
  readChanges,
  readTuples,
} from './tuples/read-tuples.js';
export { RequestReadCache } from './tuples/request-read-cache.js';
export type {
  ObjectRef,
  RelationshipCondition,
  StoredTuple,
  TupleKey,
  UserRef,
} from './tuples/tuple-key.js';
export {
  parseObject,
  parseUser,
  tupleKeyToString,
  userToString,
  userTypeReference,
} from './tuples/tuple-key.js';
export type {
  ChangeFilter,
  ChangelogReader,
  CombinedForwardTupleReader,
  ForwardTupleReader,
  ObjectRelationRead,
  ObjectTupleReader,
  Page,
  PageRequest,
  ReadOptions,
  RelationshipReader,
  ReverseTupleReader,
  Revision,
  RevisionReader,
  SyncForwardTupleReader,
  SyncReverseTupleReader,
  TupleChange,
  TupleFilter,
  TupleIdentity,
  TuplePageReader,
  TupleStore,
  TupleWriteRequest,
  TupleWriter,
  WriteOutcome,
} from './tuples/tuple-store.js';
export {
  hasCombinedForwardReads,
  hasObjectReads,
  hasSyncForwardReads,
  hasSyncReverseReads,
  MAX_WRITES_PER_REQUEST,
} from './tuples/tuple-store.js';
export { type WriteTuplesRequest, writeTuples } from './tuples/write-tuples.js';
