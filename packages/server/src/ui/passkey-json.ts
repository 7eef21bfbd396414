// What the passkey pages share: whether the issuer can have passkeys at all, what a sign-in challenge is bound to, and
// the JSON replies of the options endpoints that the page script (assets/ui/passkeys.js) reads.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PasskeyError } from '../accounts/mfa/passkey-error.js';
import { relyingPartyFor } from '../accounts/mfa/passkey-relying-party.js';
import { SecondFactorError } from '../accounts/mfa/second-factor-error.js';
import { ReauthenticationRequiredError } from '../accounts/recent-sign-in.js';
import { CSRF_COOKIE, readCookie } from '../http/browser-cookies.js';
import { inHowLong } from './wait-phrase.js';

/** Browsers refuse an IP address as RP ID (it must be a domain, WebAuthn §5.1.1): such an issuer offers no passkeys. */
export function passkeysOffered(issuer: string): boolean {
  return isIP(relyingPartyFor(issuer).id) === 0;
}

/**
 * What a passwordless sign-in's challenge is bound to: the browser, by a digest of its CSRF cookie (checked before any
 * passkey route runs), so a challenge fetched by one browser does not sign in another.
 */
export function browserBinding(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`passkey-sign-in:${readCookie(request, CSRF_COOKIE) ?? ''}`)
    .digest('base64url');
}

/** The words for a failed passkey ceremony; never which check failed. */
export function passkeyFailureWords(error: PasskeyError | SecondFactorError): string {
  if (error.code === 'too_many_attempts')
    return `Too many attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`;
  if (error.code === 'invalid_passkey_name') return 'Give the passkey a name of 1 to 64 characters.';
  if (error.code === 'passkey_not_found') return 'That passkey is no longer on this account.';
  return 'That passkey could not be used to sign in. Try again, or use another way to sign in.';
}

/**
 * Answers an options request with `options`, or with `{ error, message, location? }` for the refusals the script
 * shows (or follows, with `location`); other errors go to the one error handler.
 */
export async function sendPasskeyOptions(
  reply: FastifyReply,
  options: () => Promise<unknown>,
  locations: { reauthenticate?: string; startAgain?: string } = {},
): Promise<FastifyReply> {
  reply.header('cache-control', 'no-store');
  try {
    return reply.send(await options());
  } catch (error) {
    if (error instanceof ReauthenticationRequiredError)
      return reply
        .code(403)
        .send({ error: error.code, message: error.message, location: locations.reauthenticate });
    if (error instanceof SecondFactorError && error.code === 'sign_in_expired')
      return reply
        .code(400)
        .send({ error: error.code, message: error.message, location: locations.startAgain });
    if (error instanceof PasskeyError || error instanceof SecondFactorError) {
      if (error.code === 'too_many_attempts')
        reply.code(429).header('retry-after', String(error.retryAfterSeconds));
      else reply.code(400);
      return reply.send({ error: error.code, message: passkeyFailureWords(error) });
    }
    throw error;
  }
}
