import { describe, expect, it } from 'vitest';
import { inHowLong } from '../../src/ui/wait-phrase.js';

describe('inHowLong', () => {
  it('says the real wait, plural-correct, never less than it is', () => {
    expect(inHowLong(0.2)).toBe('in 1 second');
    expect(inHowLong(1)).toBe('in 1 second');
    expect(inHowLong(2)).toBe('in 2 seconds');
    expect(inHowLong(64)).toBe('in 64 seconds');
    expect(inHowLong(120)).toBe('in 2 minutes');
    expect(inHowLong(128)).toBe('in 3 minutes');
    expect(inHowLong(15 * 60)).toBe('in 15 minutes');
    expect(inHowLong(3 * 3600)).toBe('in 3 hours');
  });
});
