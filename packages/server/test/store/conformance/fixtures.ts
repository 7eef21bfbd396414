// The records the store conformance topics store and read back.
import type { Session } from '../../../src/accounts/session-store.js';
import type { User } from '../../../src/accounts/user.js';
import type { Client } from '../../../src/oauth/clients/client.js';
import type { StoredAuthorizationCode, StoredRefreshToken } from '../../../src/oauth/grant-store.js';
import type { StoredSigningKey } from '../../../src/tokens/signing-key-store.js';

export const client = (id: string, overrides: Partial<Client> = {}): Client => ({
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
  organizations: 'required',
  requireMfa: true,
  ...overrides,
});

export const user = (id: string, email: string): User => ({
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

export const code = (codeHash: string, grantId: string): StoredAuthorizationCode => ({
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
  organizationId: 'org-1',
});

export const sessionOf = (idHash: string, userId: string): Session => ({
  idHash,
  sid: `sid-${idHash}`,
  userId,
  authTime: 1,
  amr: ['pwd'],
  createdAt: 1,
  lastSeenAt: 1,
  expiresAt: 1_800_086_400,
  credentialsVersion: 0,
  secondFactorAt: null,
  userAgent: null,
  ipAddress: null,
});

export const grantFor = (id: string, userId: string) => ({
  id,
  userId,
  clientId: 'c-1',
  sid: 'sid-1',
  createdAt: 1,
  revokedAt: null,
});

export const refreshToken = (tokenHash: string, grantId: string): StoredRefreshToken => ({
  tokenHash,
  grantId,
  clientId: 'c-1',
  scope: ['openid', 'offline_access'],
  createdAt: 1_800_000_000,
  expiresAt: 1_800_086_400,
  rotatedAt: null,
  organizationId: null,
});

export const key = (
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
