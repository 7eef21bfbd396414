// Which conformance tests a backend is excused from, and why: an explicit list (as SpiceDB's datastore suite keeps),
// so a backend that cannot meet a contract says so by name instead of failing or being skipped silently.
import { it as vitestIt } from 'vitest';

/** Test name -> why this backend is excused from it. */
export type ConformanceExceptions = Readonly<Record<string, string>>;

export type ConformanceIt = (name: string, test: () => Promise<void>) => void;

/**
 * The `it` the topics use: registers every test but the excused ones. An exception naming no test is an error, so the
 * list stays true as tests are renamed; so is a name used twice, which would make an exception ambiguous.
 */
export function conformanceIt(exceptions: ConformanceExceptions): {
  it: ConformanceIt;
  checkExceptions(): void;
} {
  const seen = new Set<string>();
  return {
    it: (name, test) => {
      if (seen.has(name)) throw new Error(`two conformance tests are named "${name}"`);
      seen.add(name);
      if (exceptions[name] === undefined) vitestIt(name, test);
    },
    checkExceptions: () => {
      for (const name of Object.keys(exceptions))
        if (!seen.has(name)) throw new Error(`conformance exception for an unknown test: "${name}"`);
    },
  };
}
