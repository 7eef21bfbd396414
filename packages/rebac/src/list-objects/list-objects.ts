// ListObjects: every object of a type on which the user has the relation, streamed, without OpenFGA's cap of
// 1,000 results or 3 s. Candidates come from walking the compiled graph backwards from the user (reverse expansion,
// over the store's user index, only through relations the target depends on); each is confirmed by Check unless
// the relation has no intersection or exclusion below it.
import { checkScope } from '../check/check.js';
import type { CheckResolver } from '../check/check-resolver.js';
import { relationNotFound, typeNotFound, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { prepareQuery, type QueryOptions, type QueryTarget } from '../query/query-request.js';
import { parseUser, typeOf, type UserRef } from '../tuples/tuple-key.js';
import { reverseExpand } from './reverse-expansion.js';

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

  // Without intersection or exclusion, reaching the object backwards along valid tuples is the proof; otherwise
  // each candidate is confirmed by Check.
  const reachedIsProof = model.isMonotonic(request.type, request.relation);
  const walk = reverseExpand({
    model,
    reader: prepared.reader,
    readOptions: prepared.readOptions,
    context: prepared.context,
    user: request.user,
    userRef,
    wanted: model.dependencies(request.type, request.relation),
  });
  for await (const node of walk) {
    if (node.relation !== request.relation || typeOf(node.object) !== request.type) continue;
    if (reachedIsProof) {
      yield node.object;
      continue;
    }
    const outcome = await deps.resolver.resolveCheck({
      scope,
      object: node.object,
      relation: request.relation,
      depth: 0,
      visited: undefined,
    });
    if (outcome.allowed && !outcome.cycle) yield node.object;
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
