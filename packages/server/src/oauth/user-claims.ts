// The OpenID Connect claims about a user that each scope releases (OIDC Core §5.4); discovery's claims_supported is
// built from the same tables, so it lists exactly what Tessera fills.
import type { User } from '../accounts/user.js';

type ClaimSource = (user: User) => string | number | boolean | null;

/** `profile`: the claims Tessera keeps (accounts/profile-rules.ts); a claim without a value is left out. */
const PROFILE_CLAIMS = {
  name: (user) => user.name,
  given_name: (user) => user.givenName,
  family_name: (user) => user.familyName,
  picture: (user) => user.picture,
  locale: (user) => user.locale,
  // OIDC Core §5.1: seconds since the epoch at which the person's information was last updated.
  updated_at: (user) => user.profileUpdatedAt,
} as const satisfies Record<string, ClaimSource>;

const EMAIL_CLAIMS = {
  email: (user) => user.email,
  email_verified: (user) => user.emailVerified,
} as const satisfies Record<string, ClaimSource>;

const CLAIMS_BY_SCOPE: Record<string, Record<string, ClaimSource>> = {
  profile: PROFILE_CLAIMS,
  email: EMAIL_CLAIMS,
};

/** Every claim about a user that some scope can release, besides `sub`. */
export const USER_CLAIM_NAMES: readonly string[] = Object.values(CLAIMS_BY_SCOPE).flatMap(Object.keys);

export function claimsForScopes(user: User, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.id };
  for (const scope of scopes) {
    if (!Object.hasOwn(CLAIMS_BY_SCOPE, scope)) continue;
    for (const [name, source] of Object.entries(CLAIMS_BY_SCOPE[scope] ?? {})) {
      const value = source(user);
      if (value !== null) claims[name] = value;
    }
  }
  return claims;
}
