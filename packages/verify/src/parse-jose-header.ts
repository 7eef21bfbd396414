// Decodes and checks the protected header of a JWS access token (RFC 7515 §4, RFC 9068 §2.1, RFC 8725).

import type { Algorithm } from './algorithms.js';
import { decodeBase64url } from './decode-base64url.js';
import { VerifyError } from './errors.js';
import { parseJsonObject } from './parse-json-object.js';

/** The protected header of a verified token, as the issuer sent it. */
export interface JoseHeader {
  readonly alg: Algorithm;
  readonly kid?: string;
  readonly typ: string;
  readonly [parameter: string]: unknown;
}

/**
 * Header parameters that would make us trust key material, or a processing rule, chosen by the token itself.
 * RFC 8725 §3.10: never fetch `jku`/`x5u` from a token; CVE-2018-0114: never trust an embedded `jwk`.
 * We have no use for them, so a token carrying one is refused outright rather than silently ignored.
 */
const REFUSED_PARAMETERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

/**
 * The header of `segment` if it is acceptable, else throws. `allowed` holds the accepted `alg` values; a
 * header naming any other algorithm (`none` in every spelling, HS256, ...) is refused here, before any key
 * is looked up. Whether `alg` matches the key is checked later, against the key.
 */
export function parseJoseHeader(segment: string, allowed: ReadonlySet<string>): JoseHeader {
  const bytes = decodeBase64url(segment);
  const header = bytes && parseJsonObject(bytes.toString('utf8'));
  if (header === undefined) {
    throw new VerifyError('ERR_JWT_MALFORMED', 'The token header is not a canonical base64url JSON object');
  }
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || !allowed.has(alg)) {
    throw new VerifyError('ERR_JOSE_ALG_NOT_ALLOWED', 'The token algorithm is not accepted');
  }
  // RFC 7515 §4.1.11: a recipient that does not understand every `crit` extension must reject the JWS.
  // We understand none, and an empty `crit` is itself invalid. RFC 7797 §3: `b64` only has meaning when
  // listed in `crit`; refusing it outright also refuses unencoded payloads.
  if (header.crit !== undefined || header.b64 !== undefined) {
    throw new VerifyError('ERR_JOSE_HEADER_UNSUPPORTED', 'The token uses a critical header extension');
  }
  for (const name of REFUSED_PARAMETERS) {
    if (header[name] !== undefined) {
      throw new VerifyError('ERR_JOSE_HEADER_UNSUPPORTED', 'The token header carries its own key reference');
    }
  }
  if (kid !== undefined && typeof kid !== 'string') {
    throw new VerifyError('ERR_JWT_MALFORMED', 'The token kid is not a string');
  }
  // RFC 9068 §4: the resource server must check `typ` is "at+jwt" (or "application/at+jwt"); media types
  // compare case-insensitively (RFC 2045 §5.1). This is what stops an ID token being used as an access token.
  if (typeof typ !== 'string' || !isAccessTokenType(typ)) {
    throw new VerifyError('ERR_JWT_CLAIM_INVALID', 'The token typ is not at+jwt', { claim: 'typ' });
  }
  return Object.freeze(header) as JoseHeader;
}

function isAccessTokenType(typ: string): boolean {
  const lower = typ.toLowerCase();
  return lower === 'at+jwt' || lower === 'application/at+jwt';
}
