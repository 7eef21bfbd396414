// The random ids Tessera hands out (client ids above all) are typed on command lines: none may start with '-'.
import { describe, expect, it } from 'vitest';
import { generateRandomId } from '../../src/crypto/opaque-secret.js';

describe('generateRandomId', () => {
  it('gives 22 base64url characters, never a leading "-", and no repeats', () => {
    // Without the redraw, one id in 64 would start with '-': among 4,000, missing all of them has odds below 1e-27.
    const ids = Array.from({ length: 4000 }, generateRandomId);
    expect(ids.filter((id) => !/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
