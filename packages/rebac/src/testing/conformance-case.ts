// The shape of one TupleStore conformance case: a name that states the contract, and a body run on a fresh store.
import type { TupleStore } from '../tuples/tuple-store.js';

export interface ConformanceCase {
  readonly name: string;
  run(store: TupleStore): Promise<void>;
}

export interface ConformanceTopic {
  readonly topic: string;
  readonly cases: readonly ConformanceCase[];
}
