// ClientStore conformance (oauth/clients/client.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { ClientStore } from '../../../src/oauth/clients/client.js';
import type { ConformanceIt } from './exceptions.js';
import { client } from './fixtures.js';

export function describeClientStoreConformance(clients: () => ClientStore, it: ConformanceIt): void {
  describe('clients', () => {
    it('stores and returns a client unchanged', async () => {
      const jwksClient = client('c-jwks', {
        authMethod: 'private_key_jwt',
        secretHash: null,
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] },
        audience: null,
        scopes: [],
        accessTokenTtlSeconds: 60,
      });
      await clients().create(client('c-1'));
      await clients().create(jwksClient);
      expect(await clients().findById('c-1')).toEqual(client('c-1'));
      expect(await clients().findById('c-jwks')).toEqual(jwksClient);
    });

    it('returns undefined for an unknown id', async () => {
      expect(await clients().findById('nope')).toBeUndefined();
    });

    it('refuses a second client with the same id', async () => {
      await clients().create(client('c-dup'));
      await expect(clients().create(client('c-dup'))).rejects.toThrow();
    });

    it('lists clients in creation order', async () => {
      await clients().create(client('c-1'));
      await clients().create(client('c-later', { createdAt: 1_900_000_000 }));
      const ids = (await clients().list()).map((c) => c.id);
      expect(ids.indexOf('c-1')).toBeLessThan(ids.indexOf('c-later'));
    });

    it('deletes a client once', async () => {
      await clients().create(client('c-del'));
      expect(await clients().delete('c-del')).toBe(true);
      expect(await clients().delete('c-del')).toBe(false);
      expect(await clients().findById('c-del')).toBeUndefined();
    });

    it("answers by origin whether any client allows it: its redirect URIs' origins and its allowed origins", async () => {
      await clients().create(
        client('c-web', {
          redirectUris: [
            'https://web.example.com/cb',
            'https://web.example.com/again',
            'com.example.app:/cb',
          ],
          allowedOrigins: ['https://admin.example.com'],
        }),
      );
      expect(await clients().anyClientAllowsOrigin('https://web.example.com')).toBe(true);
      expect(await clients().anyClientAllowsOrigin('https://admin.example.com')).toBe(true);
      expect(await clients().anyClientAllowsOrigin('https://web.example.com:8443')).toBe(false);
      expect(await clients().anyClientAllowsOrigin('https://evil.example.com')).toBe(false);
      // A private-use scheme has no web origin; the URL standard serializes that as "null".
      expect(await clients().anyClientAllowsOrigin('null')).toBe(false);
    });

    it('an origin stays allowed while any client that allows it is left', async () => {
      await clients().create(client('c-shared-1', { redirectUris: ['https://shared.example.com/a'] }));
      await clients().create(client('c-shared-2', { allowedOrigins: ['https://shared.example.com'] }));
      await clients().delete('c-shared-1');
      expect(await clients().anyClientAllowsOrigin('https://shared.example.com')).toBe(true);
      await clients().delete('c-shared-2');
      expect(await clients().anyClientAllowsOrigin('https://shared.example.com')).toBe(false);
    });
  });
}
