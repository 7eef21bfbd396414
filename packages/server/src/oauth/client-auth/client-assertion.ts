// private_key_jwt: a client proves itself with a JWT signed by a key from its registered JWKS (RFC 7523 §3).
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { epochSeconds } from '../../clock.js';
import type { Client } from '../clients/client.js';
import { OAuthError } from '../oauth-error.js';
import type { ClientAuthDependencies } from './authenticate-client.js';

export const CLIENT_ASSERTION_TYPE_JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Assertions are meant to be single-use and short-lived; longer ones are refused. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 30;
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export async function verifyClientAssertion(
  assertion: string | undefined,
  claimedClientId: string | undefined,
  deps: ClientAuthDependencies,
): Promise<Client> {
  const fail = (description: string) => new OAuthError('invalid_client', description);
  if (assertion === undefined) throw fail('client_assertion is required');

  let subject: string | undefined;
  let audience: unknown;
  try {
    ({ sub: subject, aud: audience } = decodeJwt(assertion));
  } catch {
    throw fail('client_assertion is not a JWT');
  }
  // draft-ietf-oauth-rfc7523bis: aud is one string naming this server, never an array that could also name another.
  if (typeof audience !== 'string') throw fail('client_assertion aud must be a single string');
  if (typeof subject !== 'string') throw fail('client_assertion has no sub');
  if (claimedClientId !== undefined && claimedClientId !== subject)
    throw fail('client_id does not match the assertion');
  const client = await deps.clients.findById(subject);
  if (client?.authMethod !== 'private_key_jwt' || !client.jwks) throw fail('client authentication failed');

  const now = epochSeconds(deps.clock);
  let claims: { jti?: unknown; exp?: unknown };
  try {
    ({ payload: claims } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      algorithms: ASYMMETRIC_ALGORITHMS,
      // RFC 7523 §3: iss and sub are the client_id; aud identifies this authorization server. @openfga/sdk signs the
      // endpoint's URL with a trailing slash: the same endpoint, so it is accepted too.
      issuer: client.id,
      subject: client.id,
      audience: [deps.issuer, deps.endpointUrl, `${deps.endpointUrl}/`],
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(now * 1000),
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw fail(code === 'ERR_JWT_EXPIRED' ? 'client_assertion has expired' : 'client_assertion is invalid');
  }
  const { jti, exp } = claims as { jti: unknown; exp: number };
  if (typeof jti !== 'string' || jti === '' || jti.length > 256)
    throw fail('client_assertion jti is invalid');
  if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS) throw fail('client_assertion lives too long');
  // RFC 7523 §3, item 7: the jti makes the assertion single-use.
  if (!(await deps.assertionReplay.remember(client.id, jti, exp + CLOCK_TOLERANCE_SECONDS))) {
    throw fail('client_assertion has already been used');
  }
  return client;
}
