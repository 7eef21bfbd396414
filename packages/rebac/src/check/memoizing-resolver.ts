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
    const key = `${request.object}#${request.relation}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const result = this.#inner.resolveCheck(request);
    if (!(result instanceof Promise)) {
      // Answered synchronously: nothing can have asked for it meanwhile, so only the final answer is kept.
      if (!result.cycle) memo.set(key, result);
      return result;
    }
    memo.set(key, result);
    result.then(
      (outcome) => {
        if (outcome.cycle) memo.delete(key);
      },
      () => memo.delete(key),
    );
    return result;
  }
}
