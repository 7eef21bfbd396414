// How strongly a session signed in, as OpenID Connect Authentication Context Class References (acr): Tessera's own
// values for a password alone and for two factors, and OpenID EAP's phishing-resistant ones (passkeys), read from the
// session's RFC 8176 methods (amr) and the times they were used. One ladder: each value meets the ones below it.
import type { Session } from './session-store.js';

/** A password alone. Every sign-in meets it. */
export const ACR_PASSWORD = 'urn:tessera:acr:pwd';
/** Two factors: a password and a code (TOTP or a recovery code), or a passkey that verified the user. */
export const ACR_MFA = 'urn:tessera:acr:mfa';
/** OpenID EAP ACR Values 1.0 §2: phishing-resistant (a passkey), and phishing-resistant hardware-protected. */
export const ACR_PHISHING_RESISTANT = 'phr';
export const ACR_PHISHING_RESISTANT_HARDWARE = 'phrh';

/** Every value Tessera understands, weakest first. */
export const ACR_LADDER = [
  ACR_PASSWORD,
  ACR_MFA,
  ACR_PHISHING_RESISTANT,
  ACR_PHISHING_RESISTANT_HARDWARE,
] as const;

/** What discovery advertises (acr_values_supported): every value a sign-in can reach (phr and phrh with a passkey). */
export const ACR_VALUES_SUPPORTED: readonly string[] = ACR_LADDER;

/** RFC 8176 §2: `mfa` for more than one factor. */
export const MFA_AMR = 'mfa';

/** Whether the methods are two factors: `mfa`, or a passkey (hwk or swk) with a user verification. */
export function isMultiFactor(amr: readonly string[]): boolean {
  return amr.includes(MFA_AMR) || (isPhishingResistant(amr) && amr.includes('user'));
}

/** A passkey: a proof of a key, hardware (`hwk`) or software (`swk`), bound to this origin. */
function isPhishingResistant(amr: readonly string[]): boolean {
  return amr.includes('hwk') || amr.includes('swk');
}

/** The part of a session its level depends on. */
export type SignInEvidence = Pick<Session, 'amr' | 'authTime' | 'secondFactorAt'>;

/**
 * The acr values the session meets at `now`, weakest first. With `maxAge` (the request's max_age), a level counts
 * only if it was reached within maxAge seconds (as isSignInTooOld counts them): a password sign-in by its sign-in
 * time, two factors by the time of the last second factor, which a step-up moves on but the session's start does not,
 * so an elevation lasts as long as max_age allows, never for as long as the session.
 */
export function acrValuesMet(session: SignInEvidence, now: number, maxAge?: number): string[] {
  const fresh = (at: number | null) => at !== null && (maxAge === undefined || now - at < maxAge);
  const met: string[] = [];
  if (fresh(session.authTime)) met.push(ACR_PASSWORD);
  if (isMultiFactor(session.amr) && fresh(session.secondFactorAt)) met.push(ACR_MFA);
  if (isPhishingResistant(session.amr) && fresh(session.authTime)) {
    met.push(ACR_PHISHING_RESISTANT);
    if (session.amr.includes('hwk')) met.push(ACR_PHISHING_RESISTANT_HARDWARE);
  }
  return met;
}

/** The values a request accepts, in its order of preference; those Tessera does not know are left out. */
export function acceptableAcrValues(requested: readonly string[] | undefined, requireMfa: boolean): string[] {
  const known = (requested ?? ACR_LADDER).filter((value) =>
    (ACR_LADDER as readonly string[]).includes(value),
  );
  if (!requireMfa) return requested === undefined ? [...ACR_LADDER].reverse() : known;
  // A client that requires two factors accepts nothing weaker, whatever it asked for.
  const strong = known.filter((value) => value !== ACR_PASSWORD);
  const accepted = strong.length > 0 ? strong : [ACR_MFA];
  return requested === undefined ? accepted.reverse() : accepted;
}

/**
 * The acr to issue: the first acceptable value the session meets (without acr_values, the strongest it meets), or
 * undefined when it meets none.
 */
export function chooseAcr(met: readonly string[], acceptable: readonly string[]): string | undefined {
  return acceptable.find((value) => met.includes(value));
}
