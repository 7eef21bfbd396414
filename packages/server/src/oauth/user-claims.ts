// The OpenID Connect claims about a user that each scope releases (OIDC Core §5.4).
import type { User } from '../accounts/user.js';

export function claimsForScopes(user: User, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.id };
  if (scopes.includes('profile')) {
    const profile = {
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      picture: user.picture,
      locale: user.locale,
    };
    for (const [name, value] of Object.entries(profile)) if (value !== null) claims[name] = value;
  }
  if (scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return claims;
}
