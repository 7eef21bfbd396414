import { describe, expect, it } from 'vitest';
import type { Client, ClientStore } from '../../src/oauth/clients/client.js';
import {
  ClientMetadataError,
  type ClientRegistration,
  registerClient,
} from '../../src/oauth/clients/register-client.js';
import { TestClock } from '../support/test-clock.js';

function memoryStore(): ClientStore & { clients: Map<string, Client> } {
  const clients = new Map<string, Client>();
  return {
    clients,
    create: async (client: Client) => void clients.set(client.id, client),
    findById: async (id: string) => clients.get(id),
    list: async () => [...clients.values()],
    delete: async (id: string) => clients.delete(id),
    // Registration never asks this.
    anyClientAllowsOrigin: async () => false,
  };
}

const webApp: ClientRegistration = {
  name: 'Example App',
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: [],
  redirectUris: ['https://app.example.com/callback'],
};
const worker: ClientRegistration = { name: 'worker', grantTypes: ['client_credentials'], scopes: ['read'] };
const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }] };

// Issue 9, item 9: the domain refuses what cannot mean anything, so every adapter (CLI, admin API) does.
describe('client registration refuses contradictory or meaningless metadata', () => {
  const refusals: [string, ClientRegistration, ClientMetadataError['code'], string][] = [
    [
      'a public client with private_key_jwt',
      { ...webApp, public: true, authMethod: 'private_key_jwt', jwks },
      'invalid_client_metadata',
      'public_client_auth_method',
    ],
    [
      'a public client with a secret method',
      { ...webApp, public: true, authMethod: 'client_secret_post' },
      'invalid_client_metadata',
      'public_client_auth_method',
    ],
    [
      'first-party on a client-credentials-only client',
      { ...worker, firstParty: true },
      'invalid_client_metadata',
      'first_party_without_sign_in',
    ],
    [
      'a post-logout redirect URI on a client-credentials-only client',
      { ...worker, postLogoutRedirectUris: ['https://app.example.com/bye'] },
      'invalid_client_metadata',
      'redirect_uri_without_sign_in',
    ],
    [
      'a redirect URI on a client-credentials-only client',
      { ...worker, redirectUris: ['https://app.example.com/callback'] },
      'invalid_client_metadata',
      'redirect_uri_without_sign_in',
    ],
    [
      'a * in a redirect URI host',
      { ...webApp, redirectUris: ['https://*.example.com/callback'] },
      'invalid_redirect_uri',
      'redirect_uri_wildcard',
    ],
    [
      'a * in a redirect URI path',
      { ...webApp, redirectUris: ['https://app.example.com/*'] },
      'invalid_redirect_uri',
      'redirect_uri_wildcard',
    ],
    [
      'a * in a post-logout redirect URI',
      { ...webApp, postLogoutRedirectUris: ['https://app.example.com/*'] },
      'invalid_client_metadata',
      'redirect_uri_wildcard',
    ],
  ];

  for (const [what, registration, code, rule] of refusals) {
    it(`refuses ${what} (${code}, ${rule}) and stores nothing`, async () => {
      const store = memoryStore();
      const refused = await registerClient(registration, store, new TestClock()).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ClientMetadataError);
      expect(refused).toMatchObject({ code, rule });
      expect(store.clients.size).toBe(0);
    });
  }

  it('counts a repeated redirect URI, post-logout redirect URI or resource once', async () => {
    const store = memoryStore();
    const { client } = await registerClient(
      {
        ...webApp,
        redirectUris: ['https://app.example.com/a', 'https://app.example.com/b', 'https://app.example.com/a'],
        postLogoutRedirectUris: ['https://app.example.com/bye', 'https://app.example.com/bye'],
        resources: ['https://api.example.com', 'https://api.example.com'],
      },
      store,
      new TestClock(),
    );
    expect(client.redirectUris).toEqual(['https://app.example.com/a', 'https://app.example.com/b']);
    expect(client.postLogoutRedirectUris).toEqual(['https://app.example.com/bye']);
    expect(client.resources).toEqual(['https://api.example.com']);
    // What the refusals leave stays possible: a public client named by auth method none, a first-party web app.
    const publicClient = await registerClient(
      { ...webApp, public: true, authMethod: 'none' },
      store,
      new TestClock(),
    );
    expect(publicClient.client.authMethod).toBe('none');
    const firstParty = await registerClient({ ...webApp, firstParty: true }, store, new TestClock());
    expect(firstParty.client.firstParty).toBe(true);
  });
});
