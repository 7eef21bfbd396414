import { describe, expect, it } from 'vitest';
import { isSignInTooOld } from '../../src/oauth/authorization/sign-in-age.js';

describe('isSignInTooOld (auth_time and now in whole seconds)', () => {
  it('max_age=0 is always too old, even in the second of the sign-in', () => {
    expect(isSignInTooOld(1_000, 1_000, 0)).toBe(true);
  });

  it('never accepts a sign-in older than max_age, though truncation hides up to a second', () => {
    // Signed in at 1000.1 s, asked at 1060.9 s: 60.8 s have passed, more than max_age=60, and the whole seconds
    // differ by 60.
    expect(isSignInTooOld(1_000, 1_060, 60)).toBe(true);
    expect(isSignInTooOld(1_000, 1_059, 60)).toBe(false);
  });
});
