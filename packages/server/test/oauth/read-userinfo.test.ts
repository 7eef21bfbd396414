// The UserInfo answer and the live-access-token reader it shares with introspection, as units over real stores: the
// claims while token and account count, and each refusal with the client the token names.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.js';
import type { User } from '../../src/accounts/user.js';
import { epochSeconds } from '../../src/clock.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import type { Client } from '../../src/oauth/clients/client.js';
import { readUserinfo, type UserinfoDependencies } from '../../src/oauth/read-userinfo.js';
import type { Stores } from '../../src/store/stores.js';
import { mintAccessToken } from '../../src/tokens/access-token.js';
import { KeyRing } from '../../src/tokens/key-ring.js';
import { readLiveAccessToken } from '../../src/tokens/read-live-access-token.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';
import { testKeyPairs, testPasswordHasher } from '../support/test-costs.js';

const ISSUER = 'https://issuer.example.com';

describe('userinfo', () => {
  let sqlite: SqliteStores;
  let stores: Stores;
  let deps: UserinfoDependencies;
  let keyRing: KeyRing;
  let user: User;
  let client: Client;
  const clock = new TestClock();

  beforeAll(async () => {
    sqlite = await openSqliteStores();
    ({ stores } = sqlite);
    keyRing = await KeyRing.open(
      {
        store: stores.signingKeys,
        box: new SecretBox(randomBytes(32)),
        clock,
        rotationIntervalSeconds: 90 * 86_400,
        retiredKeyRetentionSeconds: 86_430,
        publicationDelaySeconds: 330,
        generateKeyPair: testKeyPairs,
      },
      'ES256',
    );
    deps = { issuer: ISSUER, keyRing, clock, ...stores };
    user = await createUser(
      { email: 'ann@example.com', name: 'Ann', emailVerified: true },
      stores.users,
      testPasswordHasher,
      clock,
    );
    client = {
      id: 'app',
      name: 'App',
      secretHash: null,
      authMethod: 'none',
      grantTypes: ['authorization_code'],
      scopes: ['openid', 'email', 'profile'],
      audience: null,
      resources: [],
      jwks: null,
      accessTokenTtlSeconds: 900,
      createdAt: epochSeconds(clock),
      redirectUris: ['https://app.example.com/cb'],
      postLogoutRedirectUris: [],
      allowedOrigins: [],
      firstParty: false,
      idTokenSignedResponseAlg: null,
      organizations: 'optional',
      requireMfa: false,
    };
    await stores.clients.create(client);
  });
  afterAll(() => sqlite.close());

  async function mint(scopes: string[], subject = user.id, clientId = client.id) {
    return mintAccessToken(keyRing.signingKey(), {
      issuer: ISSUER,
      subject,
      clientId,
      audience: 'https://api.example.com',
      scopes,
      issuedAt: epochSeconds(clock),
      ttlSeconds: 900,
    });
  }

  it("answers the claims of the token's scopes, with the token's client", async () => {
    const { token } = await mint(['openid', 'email']);
    expect(await readUserinfo(deps, token)).toEqual({
      outcome: 'claims',
      client,
      claims: { sub: user.id, email: 'ann@example.com', email_verified: true },
    });
  });

  it('a revoked, expired or foreign token is invalid_token, and so is no live access token for introspection', async () => {
    const revoked = await mint(['openid']);
    await stores.revokedTokens.revoke(revoked.jti, revoked.expiresAt);
    const expired = await mint(['openid']);
    const later = new TestClock(clock.now() + 901_000);
    for (const [token, at] of [
      [revoked.token, clock],
      [expired.token, later],
      ['not.a.token', clock],
    ] as const) {
      expect(await readUserinfo({ ...deps, clock: at }, token)).toEqual({ outcome: 'invalid_token' });
      expect(await readLiveAccessToken({ ...deps, clock: at }, token)).toBeUndefined();
    }
    expect((await readLiveAccessToken(deps, (await mint([])).token))?.claims.sub).toBe(user.id);
  });

  it('without openid the answer is insufficient_scope; for a disabled or unknown account, inactive_user', async () => {
    expect(await readUserinfo(deps, (await mint(['email'])).token)).toEqual({
      outcome: 'insufficient_scope',
      client,
    });
    expect(await readUserinfo(deps, (await mint(['openid'], 'nobody')).token)).toEqual({
      outcome: 'inactive_user',
      client,
    });
    const disabled = await createUser({ email: 'gone@example.com' }, stores.users, testPasswordHasher, clock);
    await stores.users.disable(disabled.id, epochSeconds(clock));
    expect(await readUserinfo(deps, (await mint(['openid'], disabled.id)).token)).toMatchObject({
      outcome: 'inactive_user',
    });
  });

  it('a token whose client was deleted still answers, naming no client (CORS then refuses browser pages)', async () => {
    const { token } = await mint(['openid'], user.id, 'deleted-app');
    expect(await readUserinfo(deps, token)).toMatchObject({ outcome: 'claims', client: undefined });
  });
});
