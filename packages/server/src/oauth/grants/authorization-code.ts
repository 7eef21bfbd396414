// The authorization_code grant (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.6): single use, 60 s, bound to the client
// and redirect_uri; a replayed code revokes everything issued from it (RFC 6749 §4.1.2, RFC 9700 §4.5).
import { createHash, timingSafeEqual } from 'node:crypto';
import { isLiveSignIn } from '../../accounts/live-account.js';
import type { SessionStore } from '../../accounts/session-store.js';
import type { UserStore } from '../../accounts/user.js';
import { epochSeconds } from '../../clock.js';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import { requireParam } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import { type GrantAccessReader, grantAccess } from './grant-access.js';
import type { GrantHandler } from './grant-handler.js';
import { issueUserTokens, type UserTokenDependencies } from './issue-user-tokens.js';
import { findLiveGrant } from './live-grant.js';

// RFC 7636 §4.1: code_verifier = 43*128unreserved.
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function authorizationCodeGrant(
  deps: UserTokenDependencies & { users: UserStore; sessions: SessionStore; rbac: GrantAccessReader },
): GrantHandler {
  return {
    grantType: 'authorization_code',
    parameters: new Set(['code', 'redirect_uri', 'code_verifier']),
    async handle(client, params) {
      const code = requireParam(params, 'code');
      const now = epochSeconds(deps.clock);
      const invalid = (description: string) => new OAuthError('invalid_grant', description);
      const redemption = await deps.grants.redeemCode(hashOpaqueSecret(code), now);
      if (redemption.outcome === 'unknown') throw invalid('the authorization code is invalid');
      const stored = redemption.value;
      if (redemption.outcome === 'replayed') {
        await deps.grants.revokeGrant(stored.grantId, now);
        throw invalid('the authorization code was already used; tokens issued from it are revoked');
      }
      if (stored.clientId !== client.id) throw invalid('the authorization code was issued to another client');
      if (now >= stored.expiresAt) throw invalid('the authorization code has expired');
      if (params.get('redirect_uri') !== stored.redirectUri)
        throw invalid('redirect_uri does not match the authorization request');

      const verifier = params.get('code_verifier');
      if (verifier === undefined) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE)');
      const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
      const expected = Buffer.from(stored.codeChallenge);
      if (
        !CODE_VERIFIER.test(verifier) ||
        computed.length !== expected.length ||
        !timingSafeEqual(computed, expected)
      ) {
        throw invalid('code_verifier does not match the code_challenge');
      }

      const { grant, user } = await findLiveGrant(deps, stored.grantId);
      // As in Keycloak, the sign-in behind the code must still be live: a code from a session that has since ended
      // (sign-out, password change, disabled account) gets no tokens, however recently it was issued.
      const session = await deps.sessions.findBySid(stored.sid);
      if (!session || !isLiveSignIn(session, user) || now >= session.expiresAt) {
        throw invalid('the sign-in behind the authorization code has ended');
      }
      // The membership is read again: a member removed since the code was issued gets no tokens for it.
      const access = await grantAccess(
        deps.rbac,
        { type: 'user', id: user.id },
        undefined,
        stored.organizationId,
      );
      return issueUserTokens(
        client,
        user,
        grant,
        stored.scope,
        { ...stored, nonce: stored.nonce },
        access,
        deps,
      );
    },
  };
}
