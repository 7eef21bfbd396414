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
    // By relation first: a request meets a few relations but many objects, so few maps are made.
    let byObject = memo.get(relation);
    if (byObject === undefined) {
      byObject = new Map();
      memo.set(relation, byObject);
    } else {
      const known = byObject.get(object);
      if (known !== undefined) return known;
    }
    const answers = byObject;
    const result = this.#inner.resolveCheck(request);
    if (!(result instanceof Promise)) {
      // Answered synchronously: nothing can have asked for it meanwhile, so only the final answer is kept.
      if (!result.cycle) answers.set(object, result);
      return result;
    }
    answers.set(object, result);
    result.then(
      (outcome) => {
        if (outcome.cycle) answers.delete(object);
      },
      () => answers.delete(object),
    );
    return result;
  }
}
