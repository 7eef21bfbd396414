// Whether a tuple's condition holds for a request: a tuple without one always does; one the model does not define,
// or that cannot be evaluated, raises 2000.
import { validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import type { ConditionContext } from './compile-condition.js';

export function tupleConditionHolds(
  model: CompiledModel,
  tuple: TupleKey,
  context: ConditionContext | undefined,
): boolean {
  const name = tuple.condition?.name;
  if (!name) return true;
  const condition = model.condition(name);
  if (!condition) throw validationError(`condition '${name}' is not defined in the model`);
  return condition.evaluate(tuple.condition?.context, context);
}
