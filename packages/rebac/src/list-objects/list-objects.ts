// ListObjects: every object of a type on which the user has the relation, streamed, without OpenFGA's cap of
// 1,000 results or 3 s. Candidates come from walking the compiled graph backwards from the user (reverse expansion,
// over the store's user index, only through relations the target depends on); each is confirmed by Check.
import { checkScope } from '../check/check.js';
import type { CheckResolver } from '../check/check-resolver.js';
import { tupleConditionHolds } from '../check/local-checker.js';
import { relationNotFound, typeNotFound, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import { prepareQuery, type QueryOptions, type QueryTarget } from '../query/query-request.js';
import { parseUser, type TupleKey, typeOf, type UserRef, userTypeReference } from '../tuples/tuple-key.js';

export interface ListObjectsRequest extends QueryOptions {
  readonly type: string;
  readonly relation: string;
  readonly user: string;
}

export interface ListObjectsDependencies extends QueryTarget {
  readonly resolver: CheckResolver;
  readonly cachesAcrossRequests?: boolean;
}

/**
 * Streams the objects (`document:1`), each once, in no particular order. Validation errors (2021, 2022, 2000, 2027)
 * are raised before the first result; a condition that cannot be evaluated (2000) may end the stream.
 */
export async function* listObjects(
  deps: ListObjectsDependencies,
  request: ListObjectsRequest,
): AsyncGenerator<string, void, undefined> {
  // OpenFGA's order: contextual tuples, then the type and relation, then the user.
  const prepared = await prepareQuery(deps, request);
  const userRef = validateListObjectsRequest(deps.model, request);
  const scope = await checkScope(deps, prepared, request.user, userRef);
  const model = deps.model;
  const reader = prepared.reader;
  const options = prepared.readOptions;
  const wanted = model.dependencies(request.type, request.relation);

  // Conditions are evaluated on the way, as OpenFGA does: one that cannot be evaluated fails the request (2000).
  const holds = (tuple: TupleKey): boolean => tupleConditionHolds(model, tuple, prepared.context);
  const seenNodes = new Set<string>();
  const seenSubjects = new Set<string>();
  const emitted = new Set<string>();
  /** Objects that may hold target#relation, and subjects (users, usersets) whose tuples lead further. */
  const nodes: [object: string, relation: string][] = [];
  const subjects: [user: string, typeRef: string][] = [];

  const addNode = (object: string, relation: string): void => {
    const key = `${object}#${relation}`;
    if (!wanted.has(`${typeOf(object)}#${relation}`) || seenNodes.has(key)) return;
    seenNodes.add(key);
    nodes.push([object, relation]);
  };
  const addSubject = (user: string, typeRef: string): void => {
    if (seenSubjects.has(user)) return;
    seenSubjects.add(user);
    subjects.push([user, typeRef]);
  };

  addSubject(request.user, userTypeReference(userRef));
  if (userRef.kind === 'object') addSubject(`${userRef.type}:*`, `${userRef.type}:*`);
  if (userRef.kind === 'userset') addNode(`${userRef.type}:${userRef.id}`, userRef.relation);

  // Without intersection or exclusion, reaching the object backwards along valid tuples is the proof; otherwise
  // each candidate is confirmed by Check.
  const reachedIsProof = model.isMonotonic(request.type, request.relation);
  const confirm = async (object: string): Promise<boolean> => {
    if (reachedIsProof) return true;
    const outcome = await deps.resolver.resolveCheck({
      scope,
      object,
      relation: request.relation,
      depth: 0,
      visited: undefined,
    });
    return outcome.allowed && !outcome.cycle;
  };

  while (nodes.length > 0 || subjects.length > 0) {
    const subject = subjects.pop();
    if (subject) {
      const [user, typeRef] = subject;
      for (const includer of model.directIncluders(typeRef)) {
        if (!wanted.has(`${includer.type}#${includer.relation}`)) continue;
        for (const tuple of await reader.readByUser(user, includer.relation, includer.type, options)) {
          if (!isTupleReadable(model, tuple) || !holds(tuple)) continue;
          addNode(tuple.object, includer.relation);
        }
      }
      continue;
    }
    const [object, relation] = nodes.pop() as [string, string];
    const type = typeOf(object);
    if (type === request.type && relation === request.relation && !emitted.has(object)) {
      emitted.add(object);
      if (await confirm(object)) yield object;
    }
    for (const computed of model.computedIncluders(type, relation)) addNode(object, computed);
    for (const edge of model.ttuIncluders(type, relation)) {
      if (!wanted.has(`${edge.type}#${edge.relation}`)) continue;
      for (const tuple of await reader.readByUser(object, edge.tupleset, edge.type, options)) {
        if (!isTupleReadable(model, tuple) || !holds(tuple)) continue;
        addNode(tuple.object, edge.relation);
      }
    }
    addSubject(`${object}#${relation}`, `${type}#${relation}`);
  }
}

/** OpenFGA's order: the type (2021), the relation (2022), then the user (2000). */
function validateListObjectsRequest(model: CompiledModel, request: ListObjectsRequest): UserRef {
  if (!model.hasType(request.type)) throw typeNotFound(request.type);
  if (!model.relation(request.type, request.relation)) throw relationNotFound(request.type, request.relation);
  const user: UserRef | undefined = parseUser(request.user);
  if (!user) throw validationError(`invalid 'user' value: '${request.user}'`);
  if (!model.hasType(user.type)) throw validationError(`invalid 'user' value: type '${user.type}' not found`);
  if (user.kind === 'userset' && !model.relation(user.type, user.relation)) {
    throw validationError(`invalid 'user' value: relation '${user.type}#${user.relation}' not found`);
  }
  return user;
}

/** Collects a ListObjects stream (for the unary endpoint and tests). */
export async function collectObjects(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const object of stream) out.push(object);
  return out;
}
