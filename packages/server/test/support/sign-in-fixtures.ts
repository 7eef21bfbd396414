// Accounts and browser clients for sign-in tests.
import { createUser } from '../../src/accounts/create-user.js';
import type { TestServer } from './test-server.js';

export const APP_REDIRECT_URI = 'https://app.example.com/callback';
export const APP_LOGOUT_URI = 'https://app.example.com/signed-out';
export const PASSWORD = 'correct horse battery staple';

export async function createTestUser(tessera: TestServer, email = 'ann@example.com', password = PASSWORD) {
  return createUser(
    { email, password, name: 'Ann Example', givenName: 'Ann', familyName: 'Example', emailVerified: true },
    tessera.runtime.stores.users,
    tessera.passwordHasher,
    tessera.runtime.clock,
  );
}

export async function createWebApp(
  tessera: TestServer,
  options: { public?: boolean; firstParty?: boolean } = {},
) {
  return tessera.createClient({
    name: 'Example App',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['orders:read'],
    redirectUris: [APP_REDIRECT_URI],
    postLogoutRedirectUris: [APP_LOGOUT_URI],
    public: options.public,
    firstParty: options.firstParty,
  });
}
