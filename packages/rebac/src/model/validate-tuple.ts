// Whether a tuple fits a model: strictly for writes and contextual tuples (OpenFGA's ValidateTupleForWrite), and the
// cheap test every read applies to stored tuples (ValidateTupleForRead), so tuples from older models are ignored.
import { invalidTuple, type RebacError, validationError } from '../errors.js';
import type { TupleKey, UserRef } from '../tuples/tuple-key.js';
import { assertWellFormedTupleKey, parseUser, userTypeReference } from '../tuples/tuple-key.js';
import type { CompiledModel } from './compiled-model.js';

/** Raises 2027 invalid_tuple when the tuple does not fit the model, 2000 when its condition does not. */
export function validateTupleForWrite(model: CompiledModel, key: TupleKey): void {
  const problem = tupleProblem(model, key);
  if (problem) throw problem;
}

function tupleProblem(model: CompiledModel, key: TupleKey): RebacError | undefined {
  let parsed: ReturnType<typeof assertWellFormedTupleKey>;
  try {
    parsed = assertWellFormedTupleKey(key);
  } catch (error) {
    return error as RebacError;
  }
  const { object, user } = parsed;
  const describe = `'${key.object}#${key.relation}@${key.user}'`;
  if (!model.hasType(user.type)) return invalidTuple(`${describe}: type '${user.type}' not found`);
  if (user.kind === 'userset' && !model.relation(user.type, user.relation)) {
    return invalidTuple(`${describe}: relation '${user.type}#${user.relation}' not found`);
  }
  if (!model.hasType(object.type)) return invalidTuple(`${describe}: type '${object.type}' not found`);
  const info = model.relation(object.type, key.relation);
  if (!info) return invalidTuple(`${describe}: relation '${object.type}#${key.relation}' not found`);
  if (info.isTupleset && user.kind !== 'object') {
    return invalidTuple(`${describe}: a tupleset relation admits only objects`);
  }
  const ref = userTypeReference(user);
  const conditionName = key.condition?.name;
  const typeAllowed = info.directTypes.some((restriction) => restrictionMatches(restriction, user));
  if (!typeAllowed) return invalidTuple(`${describe}: '${ref}' is not an allowed type restriction`);
  if (conditionName === undefined || conditionName === '') {
    if (!model.admitsTuple(object.type, key.relation, ref, user.type)) {
      return validationError(`${describe}: condition is missing`);
    }
    return undefined;
  }
  const condition = model.condition(conditionName);
  if (!condition) return validationError(`${describe}: undefined condition '${conditionName}'`);
  if (!model.admitsTuple(object.type, key.relation, ref, user.type, conditionName)) {
    return validationError(`${describe}: invalid condition for type restriction`);
  }
  const context = key.condition?.context;
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context))) {
    return validationError(`${describe}: the condition context must be an object`);
  }
  return undefined;
}

function restrictionMatches(
  restriction: { type: string; relation?: string; wildcard?: object },
  user: UserRef,
): boolean {
  if (restriction.type !== user.type) return false;
  switch (user.kind) {
    case 'object':
      return !restriction.relation && !restriction.wildcard;
    case 'wildcard':
      return Boolean(restriction.wildcard);
    case 'userset':
      return restriction.relation === user.relation;
  }
}

/** The read-time test: a stored tuple counts only if the model admits its shape (type, relation, condition). */
export function isTupleReadable(model: CompiledModel, key: TupleKey): boolean {
  // Stores hand out the same frozen tuple objects again, so the verdict is remembered per model and tuple.
  let verdicts = readableCache.get(model);
  if (!verdicts) {
    verdicts = new WeakMap();
    readableCache.set(model, verdicts);
  }
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = computeReadable(model, key);
  verdicts.set(key, verdict);
  return verdict;
}

const readableCache = new WeakMap<CompiledModel, WeakMap<TupleKey, boolean>>();

function computeReadable(model: CompiledModel, key: TupleKey): boolean {
  const colon = key.object.indexOf(':');
  const type = key.object.slice(0, colon);
  const user = parseUser(key.user);
  if (!user) return false;
  const info = model.relation(type, key.relation);
  if (!info) return false;
  if (info.isTupleset && user.kind !== 'object') return false;
  if (user.kind === 'userset' && !model.relation(user.type, user.relation)) return false;
  return model.admitsTuple(
    type,
    key.relation,
    userTypeReference(user),
    user.type,
    key.condition?.name || undefined,
  );
}
