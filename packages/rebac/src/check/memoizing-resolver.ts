// Remembers, within one request, the answer of every sub-problem already resolved: in a folder tree, viewer, editor
// and owner of each ancestor would otherwise be resolved again from every path that reaches them. Cyclic answers
// depend on the path and errors may depend on the depth, so neither is kept.
import type { CheckOutcome, CheckResolver, ResolveCheckRequest } from './check-resolver.js';

export class MemoizingResolver implements CheckResolver {
  readonly #inner: CheckResolver;

  constructor(inner: CheckResolver) {
    this.#inner = inner;
  }

  resolveCheck(request: ResolveCheckRequest): Promise<CheckOutcome> {
    const memo = request.scope.memo;
    const key = `${request.object}#${request.relation}`;
    const known = memo.get(key);
    if (known) return known;
    const pending = this.#inner.resolveCheck(request);
    memo.set(key, pending);
    pending.then(
      (outcome) => {
        if (outcome.cycle) memo.delete(key);
      },
      () => memo.delete(key),
    );
    return pending;
  }
}
