// The TupleStore conformance suite every backend runs (memory here; SQLite and PostgreSQL in the server): one
// describe per topic, a fresh store per case, and exceptions named explicitly with their reason.
import { describe, expect, it } from 'vitest';
import type { TupleStore } from '../tuples/tuple-store.js';
import type { ConformanceTopic } from './conformance-case.js';
import { changelog } from './topics/changelog.js';
import { forwardReads } from './topics/forward-reads.js';
import { pagedReads } from './topics/paged-reads.js';
import { reverseReads } from './topics/reverse-reads.js';
import { revisions } from './topics/revisions.js';
import { writes } from './topics/writes.js';

export const TUPLE_STORE_TOPICS: readonly ConformanceTopic[] = [
  forwardReads,
  reverseReads,
  pagedReads,
  writes,
  changelog,
  revisions,
];

export interface TupleStoreConformanceOptions {
  /** A new, empty store for each case (its own OpenFGA store id, or its own database). */
  readonly createStore: () => TupleStore | Promise<TupleStore>;
  /** Called after each case, e.g. to close a connection. */
  readonly disposeStore?: (store: TupleStore) => void | Promise<void>;
  /** `topic: case name` -> why this backend is excused. A name that matches no case fails the suite. */
  readonly exceptions?: Readonly<Record<string, string>>;
}

/** Registers the suite with Vitest under `describe(name)`. */
export function describeTupleStoreConformance(name: string, options: TupleStoreConformanceOptions): void {
  const exceptions = options.exceptions ?? {};
  describe(name, () => {
    it('names only exceptions that exist', () => {
      const known = new Set(
        TUPLE_STORE_TOPICS.flatMap((topic) => topic.cases.map((c) => `${topic.topic}: ${c.name}`)),
      );
      expect(Object.keys(exceptions).filter((exception) => !known.has(exception))).toEqual([]);
    });
    for (const topic of TUPLE_STORE_TOPICS) {
      describe(topic.topic, () => {
        for (const conformanceCase of topic.cases) {
          if (Object.hasOwn(exceptions, `${topic.topic}: ${conformanceCase.name}`)) continue;
          it(conformanceCase.name, async () => {
            const store = await options.createStore();
            try {
              await conformanceCase.run(store);
            } finally {
              await options.disposeStore?.(store);
            }
          });
        }
      });
    }
  });
}
