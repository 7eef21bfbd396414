// Token lifetimes: the defaults and the bounds every configured value must respect.

/** RFC 9700 §2.2.1 favours short-lived access tokens: 15 minutes unless a client is configured otherwise. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;
export const MIN_ACCESS_TOKEN_TTL_SECONDS = 60;
/** No client may hold tokens longer; retired signing keys stay published at least this long. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 86_400;
/**
 * Verifiers may cache the published key set this long (the JWKS Cache-Control). Rotation only promotes a key that was
 * already published, and a new algorithm's keys sign only this much (plus slack) after they were published.
 */
export const JWKS_MAX_AGE_SECONDS = 300;
