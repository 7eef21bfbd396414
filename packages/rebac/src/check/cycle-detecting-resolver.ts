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
    const { object, relation } = request;
    for (let node: VisitedPath | undefined = request.visited; node; node = node.parent) {
      if (node.relation === relation && node.object === object) return CYCLE;
    }
    return this.#inner.resolveCheck({
      scope: request.scope,
      object,
      relation,
      depth: request.depth,
      visited: { object, relation, parent: request.visited },
    });
  }
}
