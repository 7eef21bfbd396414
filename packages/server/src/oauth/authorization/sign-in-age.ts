// Whether a sign-in is too old for a request's max_age (OIDC Core §3.1.2.1), in the whole seconds auth_time has.

/**
 * OIDC Core §3.1.2.1: the user must sign in again when more than max_age seconds have passed since auth_time, and
 * (errata set 2) max_age=0 is equivalent to prompt=login. auth_time and `now` are whole seconds, each rounded down,
 * so their difference can be almost a second less than the time really passed: comparing it with `>` accepted a
 * sign-in up to a second too old, and with max_age=0 any request in the sign-in's own second. A difference of at
 * least max_age is counted as too old instead: that never accepts a sign-in older than max_age (and max_age=0 always
 * asks), at the price of asking up to a second early.
 */
export function isSignInTooOld(authTime: number, now: number, maxAge: number): boolean {
  return now - authTime >= maxAge;
}
