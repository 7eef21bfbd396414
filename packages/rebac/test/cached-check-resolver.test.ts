// The cross-request cache of Check's sub-problem answers: least recently used answers make way first, an answer used
// again stays, and the bound holds however many answers pass through.
import { describe, expect, it } from 'vitest';
import { CachedCheckResolver } from '../src/check/cached-check-resolver.js';
import type {
  CheckOutcome,
  CheckResolver,
  CheckScope,
  ResolveCheckRequest,
} from '../src/check/check-resolver.js';

/** The inner resolver: allows every object, and counts what it was asked. */
class CountingResolver implements CheckResolver {
  readonly asked: string[] = [];
  resolveCheck(request: ResolveCheckRequest): CheckOutcome {
    this.asked.push(request.object);
    return { allowed: true };
  }
}

const scope = { cacheKey: 'store\nmodel\n1\nuser:anne\n' } as CheckScope;
const ask = (resolver: CheckResolver, object: string) =>
  resolver.resolveCheck({ scope, object, relation: 'viewer', depth: 0, visited: undefined });

describe('CachedCheckResolver', () => {
  it('evicts the least recently used answer, keeping one that was used again', () => {
    const inner = new CountingResolver();
    const cache = new CachedCheckResolver(inner, 2);
    ask(cache, 'doc:a');
    ask(cache, 'doc:b');
    ask(cache, 'doc:a'); // a hit: doc:a is now the most recently used
    ask(cache, 'doc:c'); // evicts doc:b
    expect(inner.asked).toEqual(['doc:a', 'doc:b', 'doc:c']);
    ask(cache, 'doc:a');
    ask(cache, 'doc:c');
    expect(inner.asked).toEqual(['doc:a', 'doc:b', 'doc:c']);
    ask(cache, 'doc:b'); // evicted before: asked again, and evicts doc:a (used before doc:c)
    expect(inner.asked).toEqual(['doc:a', 'doc:b', 'doc:c', 'doc:b']);
    ask(cache, 'doc:c');
    ask(cache, 'doc:a');
    expect(inner.asked).toEqual(['doc:a', 'doc:b', 'doc:c', 'doc:b', 'doc:a']);
  });

  it('keeps at most its bound through many evictions and refreshes, always the most recent answers', () => {
    const inner = new CountingResolver();
    const cache = new CachedCheckResolver(inner, 100);
    for (let i = 0; i < 5000; i++) {
      ask(cache, `doc:${i}`);
      ask(cache, `doc:${i - (i % 7)}`); // refreshes an older answer now and then
    }
    const before = inner.asked.length;
    // The last 90 objects asked are all still there.
    for (let i = 4910; i < 5000; i++) ask(cache, `doc:${i}`);
    expect(inner.asked.length).toBe(before);
    // Ones long gone were evicted.
    ask(cache, 'doc:1');
    expect(inner.asked.length).toBe(before + 1);
  });
});
