// Issues a single-use authorization code (RFC 6749 §4.1.2): opens a grant (the token family) and stores the code's
// hash, bound to the client, redirect_uri, PKCE challenge, nonce and the sign-in that produced it.
import { randomUUID } from 'node:crypto';
import type { Session } from '../../accounts/session-store.js';
import { type Clock, epochSeconds } from '../../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { GrantStore } from '../grant-store.js';
import type { AuthorizationRequest } from './authorization-request.js';

/** RFC 9700 §4.2.1 recommends short code lifetimes; the issue sets 60 seconds at most. */
export const AUTHORIZATION_CODE_TTL_SECONDS = 60;

export async function issueAuthorizationCode(
  request: AuthorizationRequest,
  session: Session,
  /** The organization the tokens are for (choose-organization.ts); null for none. */
  organizationId: string | null,
  /** The authentication level the sign-in met for this request (next-authorization-step.ts). */
  acr: string,
  grants: GrantStore,
  clock: Clock,
): Promise<string> {
  const now = epochSeconds(clock);
  const grantId = randomUUID();
  const code = generateOpaqueSecret();
  await grants.createGrant(
    {
      id: grantId,
      userId: session.userId,
      clientId: request.client.id,
      sid: session.sid,
      createdAt: now,
      revokedAt: null,
      acr,
      authTime: session.authTime,
    },
    {
      codeHash: hashOpaqueSecret(code),
      grantId,
      clientId: request.client.id,
      userId: session.userId,
      redirectUri: request.redirectUri,
      scope: request.scopes,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge,
      authTime: session.authTime,
      amr: session.amr,
      sid: session.sid,
      expiresAt: now + AUTHORIZATION_CODE_TTL_SECONDS,
      consumedAt: null,
      organizationId,
      acr,
    },
  );
  return code;
}
