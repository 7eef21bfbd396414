// Detects cycles: a sub-problem that is already on its own path answers "not allowed, cycle" (OpenFGA's answer),
// so that cyclic tuples (group:a in group:b in group:a) terminate.
import type {
  CheckOutcome,
  CheckResolver,
  MaybePromise,
  ResolveCheckRequest,
  VisitedPath,
} from './check-resolver.js';

const CYCLE: CheckOutcome = Object.freeze({ allowed: false, cycle: true });

export class CycleDetectingResolver implements CheckResolver {
  readonly #inner: CheckResolver;

  constructor(inner: CheckResolver) {
    this.#inner = inner;
  }

  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome> {
    const key = `${request.object}#${request.relation}`;
    for (let node: VisitedPath | undefined = request.visited; node; node = node.parent) {
      if (node.key === key) return CYCLE;
    }
    return this.#inner.resolveCheck({
      scope: request.scope,
      object: request.object,
      relation: request.relation,
      depth: request.depth,
      visited: { key, parent: request.visited },
    });
  }
}
