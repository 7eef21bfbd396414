// Bounds resolution depth: a sub-problem dispatched `maxDepth` times deep raises 2002 instead of going on.
import { resolutionTooComplex } from '../errors.js';
import type { CheckOutcome, CheckResolver, MaybePromise, ResolveCheckRequest } from './check-resolver.js';

/** OpenFGA's default resolution depth. */
export const DEFAULT_MAX_RESOLUTION_DEPTH = 25;

export class DepthLimitedResolver implements CheckResolver {
  readonly #inner: CheckResolver;
  readonly #maxDepth: number;

  constructor(inner: CheckResolver, maxDepth: number = DEFAULT_MAX_RESOLUTION_DEPTH) {
    this.#inner = inner;
    this.#maxDepth = maxDepth;
  }

  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome> {
    if (request.depth >= this.#maxDepth) throw resolutionTooComplex();
    return this.#inner.resolveCheck(request);
  }
}
