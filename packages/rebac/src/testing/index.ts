// @tessera/rebac/testing: what other packages' tests reuse; the TupleStore conformance suite (needs Vitest).
export type { ConformanceCase, ConformanceTopic } from './conformance-case.js';
export {
  describeTupleStoreConformance,
  TUPLE_STORE_TOPICS,
  type TupleStoreConformanceOptions,
} from './tuple-store-conformance.js';
