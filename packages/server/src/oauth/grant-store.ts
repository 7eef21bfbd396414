// The store contract for what a user's authorization produces: the grant (a token family), its single-use code,
// its rotating refresh tokens and the access tokens issued under it.
import type { Purgeable } from '../purgeable.js';

export interface Grant {
  id: string;
  userId: string;
  clientId: string;
  sid: string | null;
  createdAt: number;
  revokedAt: number | null;
  /**
   * The authentication level (acr) and sign-in time (auth_time) of the sign-in that opened the grant: every token of
   * the grant carries them, refreshed ones too, since a refresh authenticates no one (RFC 9470 §3). Absent for grants
   * from before they were kept.
   */
  acr?: string;
  authTime?: number;
}

export interface StoredAuthorizationCode {
  codeHash: string;
  grantId: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string[];
  nonce: string | null;
  codeChallenge: string;
  authTime: number;
  amr: string[];
  sid: string;
  expiresAt: number;
  consumedAt: number | null;
  /** The organization the tokens are for (the request's `organization`); null for none. */
  organizationId: string | null;
  /** The authentication level the sign-in met for the request (authentication-context.ts); absent before 017. */
  acr?: string;
}

export interface StoredRefreshToken {
  tokenHash: string;
  grantId: string;
  clientId: string;
  scope: string[];
  createdAt: number;
  expiresAt: number;
  rotatedAt: number | null;
  /** The organization its tokens are for; a refresh that switches organization gives the next token the new one. */
  organizationId: string | null;
}

/** What redeeming a single-use secret found. `replayed` means it existed but had been used before. */
export type Redemption<T> =
  | { outcome: 'redeemed'; value: T }
  | { outcome: 'replayed'; value: T }
  | { outcome: 'unknown' };

export interface GrantStore extends Purgeable {
  /** A grant begins with its authorization code: both are stored in one transaction. */
  createGrant(grant: Grant, code: StoredAuthorizationCode): Promise<void>;
  /** A grant that begins without a code: the device authorization grant's, once its device code is redeemed. */
  openGrant(grant: Grant): Promise<void>;
  findGrant(id: string): Promise<Grant | undefined>;
  /**
   * Revokes the grant, its refresh tokens and every access token issued under it, including ones recorded after
   * this call (RevokedTokenStore.isRevoked consults the grant). Idempotent.
   */
  revokeGrant(id: string, now: number): Promise<void>;
  /** revokeGrant for every grant of the user, with every client: after a password reset, nothing issued before works. */
  revokeAllForUser(userId: string, now: number): Promise<void>;
  /** revokeGrant for every grant of the user with one client (the user revoked that app's access). */
  revokeAllForUserAndClient(userId: string, clientId: string, now: number): Promise<void>;
  /**
   * revokeGrant for every grant whose refresh token (the one not yet rotated) is for the organization: of one user (a
   * member removed) or of everyone (an organization deleted). A grant that has since switched to another organization
   * is kept, but its access tokens for this one are revoked, as are those of grants without a refresh token.
   */
  revokeForOrganization(organizationId: string, userId: string | undefined, now: number): Promise<void>;

  /** Marks the code used; exactly one of any number of concurrent redemptions gets `redeemed`. */
  redeemCode(codeHash: string, now: number): Promise<Redemption<StoredAuthorizationCode>>;

  saveRefreshToken(token: StoredRefreshToken): Promise<void>;
  /** Reads a refresh token without using it up. */
  findRefreshToken(tokenHash: string): Promise<StoredRefreshToken | undefined>;
  /** Marks the token rotated; exactly one of any number of concurrent redemptions gets `redeemed`. */
  redeemRefreshToken(tokenHash: string, now: number): Promise<Redemption<StoredRefreshToken>>;

  /** Records an access token of the grant, for the organization (null: none) so it can be revoked with it. */
  recordAccessToken(
    jti: string,
    grantId: string,
    expiresAt: number,
    organizationId?: string | null,
  ): Promise<void>;
  /** Forgets codes, refresh tokens, access-token records and finished grants that expired before `now`. */
  purgeExpired(now: number): Promise<void>;
}
