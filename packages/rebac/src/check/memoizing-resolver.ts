// Remembers, within one request, the answer of every sub-problem already resolved: in a folder tree, viewer, editor
// and owner of each ancestor would otherwise be resolved again from every path that reaches them. Cyclic answers
// depend on the path and errors may depend on the depth, so neither is kept.
import type { CheckOutcome, CheckResolver, MaybePromise, ResolveCheckRequest } from './check-resolver.js';

export class MemoizingResolver implements CheckResolver {
  readonly #inner: CheckResolver;

  constructor(inner: CheckResolver) {
    this.#inner = inner;
  }

  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome> {
    const memo = request.scope.memo;
    const { object, relation } = request;
    let byRelation = memo.get(object);
    if (byRelation === undefined) {
      byRelation = new Map();
      memo.set(object, byRelation);
    } else {
      const known = byRelation.get(relation);
      if (known !== undefined) return known;
    }
    const answers = byRelation;
    const result = this.#inner.resolveCheck(request);
    if (!(result instanceof Promise)) {
      // Answered synchronously: nothing can have asked for it meanwhile, so only the final answer is kept.
      if (!result.cycle) answers.set(relation, result);
      return result;
    }
    answers.set(relation, result);
    result.then(
      (outcome) => {
        if (outcome.cycle) answers.delete(relation);
      },
      () => answers.delete(relation),
    );
    return result;
  }
}
