// RevokedTokenStore conformance (tokens/revoked-token-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

export function describeRevokedTokenStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('revoked tokens', () => {
    it('remembers a revocation, idempotently, until the token expires', async () => {
      await stores().revokedTokens.revoke('jti-1', 1_800_000_500);
      await stores().revokedTokens.revoke('jti-1', 1_800_000_500);
      await stores().revokedTokens.revoke('jti-2', 1_800_000_900);
      expect(await stores().revokedTokens.isRevoked('jti-1')).toBe(true);
      expect(await stores().revokedTokens.isRevoked('jti-unknown')).toBe(false);
      expect(await stores().revokedTokens.purgeExpired(1_800_000_600)).toBe(1);
      expect(await stores().revokedTokens.isRevoked('jti-1')).toBe(false);
      expect(await stores().revokedTokens.isRevoked('jti-2')).toBe(true);
    });
  });
}
