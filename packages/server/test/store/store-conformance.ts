// The one behaviour suite every storage backend must pass (run by sqlite.test.ts and postgres.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/accounts/session-store.js';
import { type User, UserExistsError } from '../../src/accounts/user.js';
import type { Client } from '../../src/oauth/clients/client.js';
import type { StoredAuthorizationCode, StoredRefreshToken } from '../../src/oauth/grant-store.js';
import type { Stores } from '../../src/store/stores.js';
import type { StoredSigningKey } from '../../src/tokens/signing-key-store.js';

export interface StoreBackend {
  open(): Promise<{ stores: Stores; close(): Promise<void> }>;
}

const client = (id: string, overrides: Partial<Client> = {}): Client => ({
  id,
  name: `client ${id}`,
  secretHash: 'sha256:abc',
  authMethod: 'client_secret_basic',
  grantTypes: ['client_credentials'],
  scopes: ['read', 'write'],
  audience: 'https://api.example.com',
  resources: ['https://billing.example.com'],
  jwks: null,
  accessTokenTtlSeconds: 900,
  createdAt: 1_800_000_000,
  redirectUris: ['https://app.example.com/cb'],
  postLogoutRedirectUris: ['https://app.example.com/bye'],
  allowedOrigins: ['http://localhost:5173'],
  firstParty: true,
  idTokenSignedResponseAlg: 'RS256',
  ...overrides,
});

const user = (id: string, email: string): User => ({
  id,
  email,
  emailVerified: false,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  name: 'Ann Example',
  givenName: 'Ann',
  familyName: 'Example',
  picture: null,
  locale: 'en',
  disabledAt: null,
  createdAt: 1_800_000_000,
  updatedAt: 1_800_000_000,
  profileUpdatedAt: 1_800_000_000,
  credentialsVersion: 0,
});

const code = (codeHash: string, grantId: string): StoredAuthorizationCode => ({
  codeHash,
  grantId,
  clientId: 'c-1',
  userId: 'u-1',
  redirectUri: 'https://app.example.com/cb',
  scope: ['openid', 'profile'],
  nonce: 'n-1',
  codeChallenge: 'challenge',
  authTime: 1_800_000_000,
  amr: ['pwd'],
  sid: 'sid-1',
  expiresAt: 1_800_000_060,
  consumedAt: null,
});

const sessionOf = (idHash: string, userId: string): Session => ({
  idHash,
  sid: `sid-${idHash}`,
  userId,
  authTime: 1,
  amr: ['pwd'],
  createdAt: 1,
  lastSeenAt: 1,
  expiresAt: 1_800_086_400,
  credentialsVersion: 0,
});

const grantFor = (id: string, userId: string) => ({
  id,
  userId,
  clientId: 'c-1',
  sid: 'sid-1',
  createdAt: 1,
  revokedAt: null,
});

const refreshToken = (tokenHash: string, grantId: string): StoredRefreshToken => ({
  tokenHash,
  grantId,
  clientId: 'c-1',
  scope: ['openid', 'offline_access'],
  createdAt: 1_800_000_000,
  expiresAt: 1_800_086_400,
  rotatedAt: null,
});

const key = (
  kid: string,
  status: StoredSigningKey['status'],
  createdAt = 1_800_000_000,
  alg = 'RS256',
): StoredSigningKey => ({
  kid,
  alg,
  status,
  publicJwk: { kty: 'RSA', n: 'abc', e: 'AQAB', kid },
  sealedPrivateKey: `sealed-${kid}`,
  createdAt,
  activatedAt: status === 'current' ? createdAt : null,
  retiredAt: null,
});

export function describeStoreConformance(name: string, backend: StoreBackend): void {
  describe(`store conformance: ${name}`, () => {
    let stores: Stores;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ stores, close } = await backend.open());
    });
    afterAll(() => close());

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
        await stores.clients.create(client('c-1'));
        await stores.clients.create(jwksClient);
        expect(await stores.clients.findById('c-1')).toEqual(client('c-1'));
        expect(await stores.clients.findById('c-jwks')).toEqual(jwksClient);
      });

      it('returns undefined for an unknown id', async () => {
        expect(await stores.clients.findById('nope')).toBeUndefined();
      });

      it('refuses a second client with the same id', async () => {
        await stores.clients.create(client('c-dup'));
        await expect(stores.clients.create(client('c-dup'))).rejects.toThrow();
      });

      it('lists clients in creation order', async () => {
        await stores.clients.create(client('c-later', { createdAt: 1_900_000_000 }));
        const ids = (await stores.clients.list()).map((c) => c.id);
        expect(ids.indexOf('c-1')).toBeLessThan(ids.indexOf('c-later'));
      });

      it('deletes a client once', async () => {
        await stores.clients.create(client('c-del'));
        expect(await stores.clients.delete('c-del')).toBe(true);
        expect(await stores.clients.delete('c-del')).toBe(false);
        expect(await stores.clients.findById('c-del')).toBeUndefined();
      });

      it("answers by origin whether any client allows it: its redirect URIs' origins and its allowed origins", async () => {
        await stores.clients.create(
          client('c-web', {
            redirectUris: [
              'https://web.example.com/cb',
              'https://web.example.com/again',
              'com.example.app:/cb',
            ],
            allowedOrigins: ['https://admin.example.com'],
          }),
        );
        expect(await stores.clients.anyClientAllowsOrigin('https://web.example.com')).toBe(true);
        expect(await stores.clients.anyClientAllowsOrigin('https://admin.example.com')).toBe(true);
        expect(await stores.clients.anyClientAllowsOrigin('https://web.example.com:8443')).toBe(false);
        expect(await stores.clients.anyClientAllowsOrigin('https://evil.example.com')).toBe(false);
        // A private-use scheme has no web origin; the URL standard serializes that as "null".
        expect(await stores.clients.anyClientAllowsOrigin('null')).toBe(false);
      });

      it('an origin stays allowed while any client that allows it is left', async () => {
        await stores.clients.create(client('c-shared-1', { redirectUris: ['https://shared.example.com/a'] }));
        await stores.clients.create(client('c-shared-2', { allowedOrigins: ['https://shared.example.com'] }));
        await stores.clients.delete('c-shared-1');
        expect(await stores.clients.anyClientAllowsOrigin('https://shared.example.com')).toBe(true);
        await stores.clients.delete('c-shared-2');
        expect(await stores.clients.anyClientAllowsOrigin('https://shared.example.com')).toBe(false);
      });
    });

    describe('signing keys', () => {
      const rsSettings = { alg: 'RS256', previousAlg: null, effectiveAt: 1_800_000_000 } as const;

      it('initializes once: a second initialization loses and changes nothing', async () => {
        expect(await stores.signingKeys.settings()).toBeUndefined();
        expect(
          await stores.signingKeys.initialize(rsSettings, [key('k1', 'current'), key('k2', 'next')]),
        ).toBe(true);
        const other = { alg: 'ES256', previousAlg: null, effectiveAt: 1 } as const;
        expect(await stores.signingKeys.initialize(other, [key('k3', 'current'), key('k4', 'next')])).toBe(
          false,
        );
        expect((await stores.signingKeys.list()).map((k) => [k.kid, k.status])).toEqual([
          ['k1', 'current'],
          ['k2', 'next'],
        ]);
        expect(await stores.signingKeys.settings()).toEqual(rsSettings);
      });

      it('rotates atomically: next becomes current, current retires, a new next is stored', async () => {
        expect(await stores.signingKeys.rotate('k1', key('k5', 'next', 1_800_000_100), 1_800_000_100)).toBe(
          true,
        );
        const byKid = Object.fromEntries((await stores.signingKeys.list()).map((k) => [k.kid, k]));
        expect(byKid.k1).toMatchObject({ status: 'retired', retiredAt: 1_800_000_100 });
        expect(byKid.k2).toMatchObject({ status: 'current', activatedAt: 1_800_000_100 });
        expect(byKid.k5).toMatchObject({ status: 'next', sealedPrivateKey: 'sealed-k5' });
        expect(byKid.k5?.publicJwk).toEqual({ kty: 'RSA', n: 'abc', e: 'AQAB', kid: 'k5' });
      });

      it('refuses a rotation based on a key that is no longer current', async () => {
        expect(await stores.signingKeys.rotate('k1', key('k6', 'next'), 1_800_000_200)).toBe(false);
        expect((await stores.signingKeys.list()).some((k) => k.kid === 'k6')).toBe(false);
      });

      it('lets exactly one of two concurrent rotations win', async () => {
        const outcomes = await Promise.all([
          stores.signingKeys.rotate('k2', key('k7', 'next'), 1_800_000_300),
          stores.signingKeys.rotate('k2', key('k8', 'next'), 1_800_000_300),
        ]);
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        const statuses = (await stores.signingKeys.list()).map((k) => k.status);
        expect(statuses.filter((s) => s === 'current')).toHaveLength(1);
        expect(statuses.filter((s) => s === 'next')).toHaveLength(1);
      });

      it('switches settings only from the expected ones, adding keys and retiring others in one step', async () => {
        const toEs = { alg: 'ES256', previousAlg: 'RS256', effectiveAt: 1_800_000_600 } as const;
        const esKeys = [
          key('e1', 'current', 1_800_000_250, 'ES256'),
          key('e2', 'next', 1_800_000_250, 'ES256'),
        ];
        const stale = { ...rsSettings, effectiveAt: 5 };
        expect(
          await stores.signingKeys.updateSettings(stale, toEs, { addKeys: esKeys, retireAlgs: [], now: 1 }),
        ).toBe(false);
        expect((await stores.signingKeys.list()).some((k) => k.alg === 'ES256')).toBe(false);
        const change = { addKeys: esKeys, retireAlgs: [], now: 1_800_000_250 };
        expect(await stores.signingKeys.updateSettings(rsSettings, toEs, change)).toBe(true);
        expect(await stores.signingKeys.settings()).toEqual(toEs);
        // One current and one next per algorithm.
        const live = (await stores.signingKeys.list()).filter((k) => k.status !== 'retired');
        expect(live.map((k) => `${k.alg}:${k.status}`).sort()).toEqual([
          'ES256:current',
          'ES256:next',
          'RS256:current',
          'RS256:next',
        ]);
        const toEd = { alg: 'EdDSA', previousAlg: null, effectiveAt: 1_800_000_260 } as const;
        const edKeys = [
          key('d1', 'current', 1_800_000_260, 'EdDSA'),
          key('d2', 'next', 1_800_000_260, 'EdDSA'),
        ];
        const retireEs = { addKeys: edKeys, retireAlgs: ['ES256' as const], now: 1_800_000_260 };
        expect(await stores.signingKeys.updateSettings(toEs, toEd, retireEs)).toBe(true);
        const byKid = Object.fromEntries((await stores.signingKeys.list()).map((k) => [k.kid, k]));
        expect(byKid.e1).toMatchObject({ status: 'retired', retiredAt: 1_800_000_260 });
        expect(byKid.e2).toMatchObject({ status: 'retired', retiredAt: 1_800_000_260 });
        expect(byKid.d1).toMatchObject({ status: 'current' });
        // A second current key of an algorithm is refused, and so the whole change is.
        const duplicate = { addKeys: [key('d3', 'current', 1_800_000_270, 'EdDSA')], retireAlgs: [], now: 1 };
        expect(await stores.signingKeys.updateSettings(toEd, rsSettings, duplicate)).toBe(false);
        expect(await stores.signingKeys.settings()).toEqual(toEd);
      });

      it('deletes only keys retired before the cut-off', async () => {
        expect(await stores.signingKeys.deleteRetiredBefore(1_800_000_150)).toBe(1);
        const kids = (await stores.signingKeys.list()).map((k) => k.kid);
        expect(kids).not.toContain('k1');
        expect(kids).toContain('k2');
      });
    });

    describe('revoked tokens', () => {
      it('remembers a revocation, idempotently, until the token expires', async () => {
        await stores.revokedTokens.revoke('jti-1', 1_800_000_500);
        await stores.revokedTokens.revoke('jti-1', 1_800_000_500);
        await stores.revokedTokens.revoke('jti-2', 1_800_000_900);
        expect(await stores.revokedTokens.isRevoked('jti-1')).toBe(true);
        expect(await stores.revokedTokens.isRevoked('jti-unknown')).toBe(false);
        expect(await stores.revokedTokens.purgeExpired(1_800_000_600)).toBe(1);
        expect(await stores.revokedTokens.isRevoked('jti-1')).toBe(false);
        expect(await stores.revokedTokens.isRevoked('jti-2')).toBe(true);
      });
    });

    describe('users', () => {
      it('stores a user and finds it by id and by email in any case', async () => {
        await stores.users.create(user('u-1', 'Ann@Example.com'));
        expect(await stores.users.findById('u-1')).toEqual(user('u-1', 'Ann@Example.com'));
        expect((await stores.users.findByEmail('ann@example.COM'))?.id).toBe('u-1');
        expect(await stores.users.findByEmail('nobody@example.com')).toBeUndefined();
      });

      it('refuses a second account with the same email in another case', async () => {
        await expect(stores.users.create(user('u-2', 'ANN@example.com'))).rejects.toBeInstanceOf(
          UserExistsError,
        );
      });

      it('rehashes only over the hash it read, so a racing password change wins', async () => {
        const stored = await stores.users.findById('u-1');
        expect(
          await stores.users.rehashPassword('u-1', stored?.passwordHash ?? '', '$argon2id$stronger', 50),
        ).toBe(true);
        expect(
          await stores.users.rehashPassword('u-1', stored?.passwordHash ?? '', '$argon2id$stale', 60),
        ).toBe(false);
        expect(await stores.users.findById('u-1')).toMatchObject({
          passwordHash: '$argon2id$stronger',
          credentialsVersion: 0,
        });
      });

      it('setting a password and disabling an account each raise the credentials version', async () => {
        expect(await stores.users.setPassword('u-1', '$argon2id$new', 1_800_000_100)).toBe(true);
        expect(await stores.users.setPassword('u-none', '$argon2id$new', 1_800_000_100)).toBe(false);
        expect(await stores.users.disable('u-1', 1_800_000_200)).toBe(true);
        expect(await stores.users.disable('u-none', 1_800_000_200)).toBe(false);
        expect(await stores.users.findById('u-1')).toMatchObject({
          passwordHash: '$argon2id$new',
          disabledAt: 1_800_000_200,
          updatedAt: 1_800_000_200,
          credentialsVersion: 2,
        });
        // A password is not a claim: the profile's update time (OIDC updated_at) stays.
        expect((await stores.users.findById('u-1'))?.profileUpdatedAt).toBe(1_800_000_000);
      });

      it('updates only the profile fields given, clears those set to null, and records when', async () => {
        await stores.users.create(user('u-profile', 'profile@example.com'));
        expect(
          await stores.users.updateProfile(
            'u-profile',
            { givenName: 'Annie', picture: 'https://example.com/a.png', locale: null },
            1_800_000_300,
          ),
        ).toBe(true);
        expect(await stores.users.updateProfile('u-none', { name: 'x' }, 1_800_000_300)).toBe(false);
        expect(await stores.users.findById('u-profile')).toEqual({
          ...user('u-profile', 'profile@example.com'),
          givenName: 'Annie',
          picture: 'https://example.com/a.png',
          locale: null,
          updatedAt: 1_800_000_300,
          profileUpdatedAt: 1_800_000_300,
        });
      });
    });

    describe('sessions', () => {
      it('creates, finds, touches and ends a session', async () => {
        const session = {
          idHash: 'h-1',
          sid: 'sid-1',
          userId: 'u-1',
          authTime: 1_800_000_000,
          amr: ['pwd'],
          createdAt: 1_800_000_000,
          lastSeenAt: 1_800_000_000,
          expiresAt: 1_800_086_400,
          credentialsVersion: 3,
        };
        await stores.sessions.create(session);
        expect(await stores.sessions.findByIdHash('h-1')).toEqual(session);
        expect(await stores.sessions.findBySid('sid-1')).toEqual(session);
        expect(await stores.sessions.findBySid('sid-none')).toBeUndefined();
        await stores.sessions.touch('h-1', 1_800_000_500);
        expect((await stores.sessions.findByIdHash('h-1'))?.lastSeenAt).toBe(1_800_000_500);
        expect(await stores.sessions.end('h-1')).toBe(true);
        expect(await stores.sessions.end('h-1')).toBe(false);
        expect(await stores.sessions.findByIdHash('h-1')).toBeUndefined();
      });

      it("ends every session of one user and no one else's", async () => {
        await stores.sessions.create(sessionOf('h-a1', 'u-a'));
        await stores.sessions.create(sessionOf('h-a2', 'u-a'));
        await stores.sessions.create(sessionOf('h-b1', 'u-b'));
        expect(await stores.sessions.endAllForUser('u-a')).toBe(2);
        expect(await stores.sessions.findByIdHash('h-a2')).toBeUndefined();
        expect(await stores.sessions.findByIdHash('h-b1')).toBeDefined();
      });
    });

    describe('consents', () => {
      it('remembers granted scopes and adds to them', async () => {
        expect(await stores.consents.grantedScopes('u-1', 'c-1')).toEqual([]);
        await stores.consents.grant('u-1', 'c-1', ['openid', 'profile'], 1);
        await stores.consents.grant('u-1', 'c-1', ['email', 'openid'], 2);
        expect((await stores.consents.grantedScopes('u-1', 'c-1')).sort()).toEqual([
          'email',
          'openid',
          'profile',
        ]);
      });
    });

    describe('grants, codes and refresh tokens', () => {
      const grant = {
        id: 'g-1',
        userId: 'u-1',
        clientId: 'c-1',
        sid: 'sid-1',
        createdAt: 1,
        revokedAt: null,
      };

      it('redeems a code exactly once, even concurrently', async () => {
        await stores.grants.createGrant(grant, code('code-1', 'g-1'));
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () => stores.grants.redeemCode('code-1', 5)),
        );
        expect(outcomes.filter((o) => o.outcome === 'redeemed')).toHaveLength(1);
        expect(outcomes.filter((o) => o.outcome === 'replayed')).toHaveLength(5);
        const redeemed = outcomes.find((o) => o.outcome === 'redeemed');
        expect(redeemed?.outcome === 'redeemed' && redeemed.value).toMatchObject({
          ...code('code-1', 'g-1'),
          consumedAt: 5,
        });
        expect(await stores.grants.redeemCode('no-such-code', 5)).toEqual({ outcome: 'unknown' });
      });

      it('redeems a refresh token exactly once, even concurrently', async () => {
        await stores.grants.saveRefreshToken(refreshToken('rt-1', 'g-1'));
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () => stores.grants.redeemRefreshToken('rt-1', 5)),
        );
        expect(outcomes.filter((o) => o.outcome === 'redeemed')).toHaveLength(1);
        expect(outcomes.filter((o) => o.outcome === 'replayed')).toHaveLength(5);
      });

      it('revoking a grant revokes its refresh tokens and the access tokens issued under it', async () => {
        await stores.grants.saveRefreshToken(refreshToken('rt-2', 'g-1'));
        await stores.grants.recordAccessToken('at-1', 'g-1', 1_800_000_900);
        await stores.grants.revokeGrant('g-1', 10);
        await stores.grants.revokeGrant('g-1', 11);
        expect((await stores.grants.findGrant('g-1'))?.revokedAt).toBe(10);
        expect(await stores.grants.redeemRefreshToken('rt-2', 12)).toEqual({ outcome: 'unknown' });
        expect(await stores.revokedTokens.isRevoked('at-1')).toBe(true);
      });

      it("revoking all of a user's grants leaves other users' grants alone", async () => {
        const grantOf = (id: string, userId: string) => ({ ...grant, id, userId });
        await stores.grants.createGrant(grantOf('g-u1', 'u-7'), code('code-u1', 'g-u1'));
        await stores.grants.createGrant(grantOf('g-u2', 'u-7'), code('code-u2', 'g-u2'));
        await stores.grants.createGrant(grantOf('g-other', 'u-8'), code('code-other', 'g-other'));
        await stores.grants.saveRefreshToken(refreshToken('rt-u2', 'g-u2'));
        await stores.grants.saveRefreshToken(refreshToken('rt-other', 'g-other'));
        await stores.grants.recordAccessToken('at-u1', 'g-u1', 1_800_000_900);
        await stores.grants.revokeAllForUser('u-7', 20);
        expect((await stores.grants.findGrant('g-u1'))?.revokedAt).toBe(20);
        expect((await stores.grants.findGrant('g-u2'))?.revokedAt).toBe(20);
        expect((await stores.grants.findGrant('g-other'))?.revokedAt).toBeNull();
        expect(await stores.grants.findRefreshToken('rt-u2')).toBeUndefined();
        expect(await stores.grants.findRefreshToken('rt-other')).toBeDefined();
        expect(await stores.revokedTokens.isRevoked('at-u1')).toBe(true);
      });
    });

    describe('password resets', () => {
      const limit = { max: 3, windowSeconds: 900 };
      const reset = (tokenHash: string, userId: string, createdAt = 9_000, credentialsVersion = 0) => ({
        tokenHash,
        userId,
        createdAt,
        expiresAt: createdAt + 1_800,
        credentialsVersion,
        returnTo: undefined as string | undefined,
      });

      it('stores at most the limit of links per user and window, even when asked concurrently', async () => {
        const stored = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            stores.passwordResets.createWithinLimit(reset(`pr-${i}`, 'u-r'), limit),
          ),
        );
        expect(stored.filter(Boolean)).toHaveLength(3);
        // Another user has a limit of their own; the next window starts afresh.
        expect(await stores.passwordResets.createWithinLimit(reset('pr-s', 'u-s'), limit)).toBe(true);
        expect(await stores.passwordResets.createWithinLimit(reset('pr-next', 'u-r', 9_900), limit)).toBe(
          true,
        );
      });

      it('finds a usable link, and not an unknown or expired one', async () => {
        await stores.users.create(user('u-f', 'find@example.com'));
        await stores.passwordResets.createWithinLimit(reset('pr-find', 'u-f'), limit);
        expect(await stores.passwordResets.findUsable('pr-find', 9_100)).toEqual(reset('pr-find', 'u-f'));
        expect(await stores.passwordResets.findUsable('pr-find', 10_800)).toBeUndefined();
        expect(await stores.passwordResets.findUsable('pr-none', 9_100)).toBeUndefined();
      });

      it('keeps the authorization request a link was asked for from, long ones too', async () => {
        await stores.users.create(user('u-back', 'back@example.com'));
        const returnTo = `/oauth2/authorize?client_id=app&state=${'s'.repeat(8_000)}`;
        await stores.passwordResets.createWithinLimit({ ...reset('pr-back', 'u-back'), returnTo }, limit);
        expect((await stores.passwordResets.findUsable('pr-back', 9_100))?.returnTo).toBe(returnTo);
      });

      it('redeems a link once, even concurrently: new password, email verified, signed out everywhere', async () => {
        await stores.users.create(user('u-reset', 'reset@example.com'));
        await stores.sessions.create(sessionOf('h-reset', 'u-reset'));
        await stores.grants.createGrant({ ...grantFor('g-reset', 'u-reset') }, code('code-reset', 'g-reset'));
        await stores.grants.saveRefreshToken(refreshToken('rt-reset', 'g-reset'));
        await stores.grants.recordAccessToken('at-reset', 'g-reset', 1_800_000_900);
        await stores.passwordResets.createWithinLimit(reset('pr-a', 'u-reset'), limit);
        await stores.passwordResets.createWithinLimit(reset('pr-b', 'u-reset'), limit);

        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () => stores.passwordResets.redeem('pr-a', '$argon2id$reset', 9_200)),
        );
        expect(outcomes.filter((o) => o === 'u-reset')).toHaveLength(1);
        expect(outcomes.filter((o) => o === undefined)).toHaveLength(5);
        expect(await stores.users.findById('u-reset')).toMatchObject({
          passwordHash: '$argon2id$reset',
          emailVerified: true,
          updatedAt: 9_200,
          // email_verified changed, and it is a claim.
          profileUpdatedAt: 9_200,
          credentialsVersion: 1,
        });
        expect(await stores.sessions.findByIdHash('h-reset')).toBeUndefined();
        expect((await stores.grants.findGrant('g-reset'))?.revokedAt).toBe(9_200);
        expect(await stores.grants.findRefreshToken('rt-reset')).toBeUndefined();
        expect(await stores.revokedTokens.isRevoked('at-reset')).toBe(true);
        // The user's other link is used up with it.
        expect(await stores.passwordResets.findUsable('pr-b', 9_200)).toBeUndefined();
      });

      it('ends every link sent before a password change or disabling; redeeming one changes nothing', async () => {
        await stores.users.create(user('u-changed', 'changed@example.com'));
        await stores.passwordResets.createWithinLimit(reset('pr-before', 'u-changed'), limit);
        expect(await stores.passwordResets.findUsable('pr-before', 9_100)).toBeDefined();
        // The CLI sets a password: the link sent before no longer works, and redeeming it changes nothing.
        await stores.users.setPassword('u-changed', '$argon2id$admin', 9_100);
        expect(await stores.passwordResets.findUsable('pr-before', 9_200)).toBeUndefined();
        expect(await stores.passwordResets.redeem('pr-before', '$argon2id$attacker', 9_200)).toBeUndefined();
        expect(await stores.users.findById('u-changed')).toMatchObject({
          passwordHash: '$argon2id$admin',
          credentialsVersion: 1,
        });
        // A link sent after the change works; disabling the account ends it.
        await stores.passwordResets.createWithinLimit(reset('pr-after', 'u-changed', 9_300, 1), limit);
        expect(await stores.passwordResets.findUsable('pr-after', 9_400)).toBeDefined();
        await stores.users.disable('u-changed', 9_400);
        expect(await stores.passwordResets.findUsable('pr-after', 9_500)).toBeUndefined();
        expect(await stores.passwordResets.redeem('pr-after', '$argon2id$attacker', 9_500)).toBeUndefined();
        expect((await stores.users.findById('u-changed'))?.passwordHash).toBe('$argon2id$admin');
      });

      it('refuses an expired link, changing nothing, and forgets expired links', async () => {
        await stores.passwordResets.createWithinLimit(reset('pr-late', 'u-late', 20_000), limit);
        expect(await stores.passwordResets.redeem('pr-late', '$argon2id$late', 21_800)).toBeUndefined();
        expect(await stores.passwordResets.purgeExpired(21_801)).toBeGreaterThanOrEqual(1);
        expect(await stores.passwordResets.createWithinLimit(reset('pr-late', 'u-late', 21_801), limit)).toBe(
          true,
        );
      });
    });

    describe('sign-up links', () => {
      const limit = { max: 3, windowSeconds: 900 };
      const link = (tokenHash: string, email: string, createdAt = 9_000) => ({
        tokenHash,
        email,
        name: 'New Person' as string | undefined,
        createdAt,
        expiresAt: createdAt + 1_800,
        returnTo: undefined as string | undefined,
      });

      it('stores at most the limit of links per email and window, even when asked concurrently', async () => {
        const stored = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            stores.signUpLinks.createWithinLimit(link(`sl-${i}`, 'crowd@example.com'), limit),
          ),
        );
        expect(stored.filter(Boolean)).toHaveLength(3);
        expect(await stores.signUpLinks.createWithinLimit(link('sl-other', 'other@example.com'), limit)).toBe(
          true,
        );
        expect(
          await stores.signUpLinks.createWithinLimit(link('sl-later', 'crowd@example.com', 9_900), limit),
        ).toBe(true);
      });

      it('finds a usable link, without a name too, and not an unknown or expired one', async () => {
        await stores.signUpLinks.createWithinLimit(
          { ...link('sl-find', 'find@example.com'), name: undefined },
          limit,
        );
        expect(await stores.signUpLinks.findUsable('sl-find', 9_100)).toEqual({
          ...link('sl-find', 'find@example.com'),
          name: undefined,
        });
        expect(await stores.signUpLinks.findUsable('sl-find', 10_800)).toBeUndefined();
        expect(await stores.signUpLinks.findUsable('sl-none', 9_100)).toBeUndefined();
      });

      it('keeps the authorization request a link was asked for from, and hands it over on redeeming', async () => {
        const returnTo = `/oauth2/authorize?client_id=app&state=${'s'.repeat(8_000)}`;
        await stores.signUpLinks.createWithinLimit(
          { ...link('sl-back', 'back@example.com'), returnTo },
          limit,
        );
        expect((await stores.signUpLinks.findUsable('sl-back', 9_100))?.returnTo).toBe(returnTo);
        expect((await stores.signUpLinks.redeem('sl-back', 9_200))?.returnTo).toBe(returnTo);
      });

      it('redeems a link once, even concurrently, using up the other links to that email', async () => {
        await stores.signUpLinks.createWithinLimit(link('sl-a', 'once@example.com'), limit);
        await stores.signUpLinks.createWithinLimit(link('sl-b', 'once@example.com'), limit);
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () => stores.signUpLinks.redeem('sl-a', 9_200)),
        );
        expect(outcomes.filter((o) => o !== undefined)).toEqual([link('sl-a', 'once@example.com')]);
        expect(await stores.signUpLinks.findUsable('sl-b', 9_200)).toBeUndefined();
        expect(await stores.signUpLinks.redeem('sl-b', 9_200)).toBeUndefined();
      });

      it('refuses an expired link and forgets expired links', async () => {
        await stores.signUpLinks.createWithinLimit(link('sl-late', 'late@example.com', 20_000), limit);
        expect(await stores.signUpLinks.redeem('sl-late', 21_800)).toBeUndefined();
        expect(await stores.signUpLinks.purgeExpired(21_801)).toBeGreaterThanOrEqual(1);
        expect(await stores.signUpLinks.findUsable('sl-late', 20_100)).toBeUndefined();
      });
    });

    describe('client assertion replay', () => {
      it('accepts a jti once per client', async () => {
        expect(await stores.assertionReplay.remember('c-1', 'a-1', 1_800_000_500)).toBe(true);
        expect(await stores.assertionReplay.remember('c-1', 'a-1', 1_800_000_500)).toBe(false);
        expect(await stores.assertionReplay.remember('c-2', 'a-1', 1_800_000_500)).toBe(true);
      });

      it('lets exactly one of many concurrent uses through', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, () => stores.assertionReplay.remember('c-1', 'a-race', 1_800_000_500)),
        );
        expect(outcomes.filter(Boolean)).toHaveLength(1);
      });

      it('forgets expired ids', async () => {
        await stores.assertionReplay.remember('c-1', 'a-old', 1_800_000_100);
        expect(await stores.assertionReplay.purgeExpired(1_800_000_200)).toBeGreaterThanOrEqual(1);
        expect(await stores.assertionReplay.remember('c-1', 'a-old', 1_800_000_900)).toBe(true);
      });
    });
  });
}
