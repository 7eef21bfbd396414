// PKCE with S256, for every client (RFC 9700 §2.1.1, RFC 7636).
import type { VerifiedRequestContext } from './authorization-check.js';

// RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters; challenges are 43 to 128 unreserved characters.
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The code_challenge, to be matched by the code_verifier at the token endpoint. */
export function checkPkce({ param, fail }: VerifiedRequestContext): string {
  const codeChallenge = param('code_challenge');
  if (codeChallenge === undefined) throw fail('invalid_request', 'code_challenge is required (PKCE)');
  if (param('code_challenge_method') !== 'S256')
    throw fail('invalid_request', 'code_challenge_method must be S256');
  if (!CODE_CHALLENGE.test(codeChallenge)) throw fail('invalid_request', 'code_challenge is malformed');
  return codeChallenge;
}
