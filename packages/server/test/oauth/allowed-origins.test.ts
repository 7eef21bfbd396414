import { describe, expect, it } from 'vitest';
import type { ClientStore } from '../../src/oauth/clients/client.js';
import { ClientMetadataError, registerClient } from '../../src/oauth/clients/register-client.js';
import { webOriginsOf } from '../../src/oauth/clients/web-origins.js';
import { TestClock } from '../support/test-clock.js';

const store = { create: async () => undefined } as unknown as ClientStore;

function register(allowedOrigins: string[], redirectUris = ['https://spa.example.com/callback']) {
  return registerClient(
    {
      name: 'spa',
      grantTypes: ['authorization_code'],
      scopes: [],
      public: true,
      redirectUris,
      allowedOrigins,
    },
    store,
    new TestClock(),
  );
}

describe('allowed web origins of a client', () => {
  it('accepts https origins, and http ones on loopback, as browsers serialize them', async () => {
    const { client } = await register([
      'https://app.example.com',
      'HTTPS://App.Example.COM:443',
      'https://app.example.com:8443',
      'http://localhost:5173',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
      'https://bücher.example',
    ]);
    expect(client.allowedOrigins).toEqual([
      'https://app.example.com',
      'https://app.example.com:8443',
      'http://localhost:5173',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
      'https://xn--bcher-kva.example',
    ]);
  });

  it('refuses anything but an origin with invalid_client_metadata', async () => {
    for (const value of [
      'https://app.example.com/',
      'https://app.example.com/spa',
      'https://app.example.com?x=1',
      'https://app.example.com#top',
      'https://user:pw@app.example.com',
      'https://*.example.com',
      '*',
      'null',
      'app.example.com',
      'http://app.example.com',
      'ftp://app.example.com',
      'chrome-extension://abcdef',
      'https://',
      '',
    ]) {
      const refused = await register([value]).catch((error: unknown) => error);
      expect(refused, value).toBeInstanceOf(ClientMetadataError);
      expect((refused as ClientMetadataError).code).toBe('invalid_client_metadata');
    }
  });

  it("are its redirect URIs' origins (none for a private-use scheme) and its listed ones, once each", () => {
    expect(
      webOriginsOf({
        redirectUris: ['https://spa.example.com/a', 'https://spa.example.com/b', 'com.example.app:/cb'],
        allowedOrigins: ['https://spa.example.com', 'http://localhost:5173'],
      }),
    ).toEqual(['https://spa.example.com', 'http://localhost:5173']);
  });
});
