// client_secret_basic and client_secret_post (RFC 6749 §2.3.1).
import { opaqueSecretMatches } from '../../crypto/opaque-secret.js';
import type { Client } from '../clients/client.js';
import type { OAuthError } from '../oauth-error.js';

// Compared against when the client is unknown, so both failures cost the same.
const UNKNOWN_CLIENT_HASH = 'sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function readBasicCredentials(
  authorization: string,
  fail: (description: string) => OAuthError,
): { clientId: string; clientSecret: string } {
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw fail('malformed Basic credentials');
  try {
    // RFC 6749 §2.3.1: the id and secret are form-urlencoded before being joined with ':'.
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw fail('malformed Basic credentials');
  }
}

export function checkClientSecret(client: Client | undefined, secret: string): boolean {
  const storedHash = client?.secretHash ?? UNKNOWN_CLIENT_HASH;
  const matches = opaqueSecretMatches(secret, storedHash);
  return matches && client !== undefined && client.authMethod !== 'private_key_jwt';
}
