// The one place the Check resolver chain is assembled: depth limit -> cycle detection -> per-request memo ->
// (cache) -> local checker, with the local checker dispatching every sub-problem back to the top, so each one
// passes every wrapper.
import { CachedCheckResolver } from './cached-check-resolver.js';
import type { CheckResolver } from './check-resolver.js';
import { CycleDetectingResolver } from './cycle-detecting-resolver.js';
import { DEFAULT_MAX_RESOLUTION_DEPTH, DepthLimitedResolver } from './depth-limited-resolver.js';
import { LocalChecker } from './local-checker.js';
import { MemoizingResolver } from './memoizing-resolver.js';

export interface CheckResolverOptions {
  /** Dispatches allowed before 2002 (default 25, OpenFGA's). */
  readonly maxResolutionDepth?: number;
  /** Sub-problem answers kept (LRU) for requests at the same revision; 0 or absent: no cache. */
  readonly cacheEntries?: number;
}

export function buildCheckResolver(options: CheckResolverOptions = {}): CheckResolver {
  const maxDepth = options.maxResolutionDepth ?? DEFAULT_MAX_RESOLUTION_DEPTH;
  const local = new LocalChecker(maxDepth);
  let chain: CheckResolver = local;
  if (options.cacheEntries && options.cacheEntries > 0)
    chain = new CachedCheckResolver(chain, options.cacheEntries);
  chain = new MemoizingResolver(chain);
  chain = new CycleDetectingResolver(chain);
  chain = new DepthLimitedResolver(chain, maxDepth);
  local.setDelegate(chain);
  return chain;
}
