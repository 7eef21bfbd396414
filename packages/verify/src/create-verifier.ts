// Verifies Tessera access tokens (RFC 9068 JWTs) against the issuer's JWKS: the core of this package.

import { type AccessTokenClaims, checkClaims } from './check-claims.js';
import { createIntrospector } from './create-introspector.js';
import { createLocalKeySet } from './create-local-key-set.js';
import { createRemoteKeySet } from './create-remote-key-set.js';
import { decodeBase64urlInto } from './decode-base64url.js';
import { deepFreeze } from './deep-freeze.js';
import { discoverIssuer } from './discover-issuer.js';
import { VerifyError } from './errors.js';
import type { ImportedKey } from './import-jwk.js';
import type { KeyResolver } from './key-resolver.js';
import { type JoseHeader, parseJoseHeader } from './parse-jose-header.js';
import { parseJsonObject } from './parse-json-object.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import { type VerifierOptions, validateVerifierOptions } from './verifier-options.js';

/** A verified token: its claims and protected header, both frozen. */
export interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  readonly header: JoseHeader;
}

export interface VerifyOptions {
  /** Also ask the issuer whether the token was revoked (RFC 7662); needs the `introspection` option. */
  readonly checkRevocation?: boolean;
}

export interface Verifier {
  /** Resolves with the verified token, or rejects with a VerifyError. */
  verify(token: string, options?: VerifyOptions): Promise<VerifiedToken>;
  readonly issuer: string;
  /** Whether `checkRevocation` can be used (the verifier was given `introspection` options). */
  readonly canCheckRevocation: boolean;
}

/** Decoded headers are reused across tokens (an issuer uses a handful); the bound caps hostile variety. */
const MAX_CACHED_HEADERS = 64;
/** Largest discovery, JWKS or introspection response read. */
const MAX_RESPONSE_BYTES = 512 * 1024;

/**
 * A verifier for access tokens from `options.issuer` meant for `options.audience`. Throws
 * ERR_INVALID_OPTIONS (or ERR_JWKS_INVALID for an unusable `jwks`) now rather than on the first request.
 *
 * The path of a token, in order: size cap (before any decoding); the verified-token cache; one split into
 * exactly three canonical base64url segments (RFC 7515 §7.1 compact form only); the header (alg allowed,
 * typ at+jwt, no crit/b64/embedded keys); the key by `kid`, which fixes the algorithm; the signature, with
 * node:crypto and the KeyObject imported once; the claims JSON (no duplicate names); the claim checks.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const settings = validateVerifierOptions(options);
  const { now, maxTokenBytes, algorithms } = settings;
  const limits = { timeoutMs: settings.httpTimeoutMs, maxBytes: MAX_RESPONSE_BYTES };
  const metadata = discoverIssuer(settings.issuer, limits);
  const cache =
    settings.cacheMaxEntries > 0
      ? new VerifiedTokenCache<VerifiedToken>(settings.cacheMaxEntries)
      : undefined;
  const { jwksUri } = settings;
  const keys: KeyResolver =
    settings.jwks !== undefined
      ? createLocalKeySet(settings.jwks, algorithms)
      : createRemoteKeySet({
          jwksUri: jwksUri !== undefined ? () => jwksUri : async () => (await metadata()).jwksUri,
          allowed: algorithms,
          cooldownMs: settings.jwksCooldownMs,
          limits,
          now,
          // A withdrawn key must stop verifying at once, including for tokens verified before.
          onKeysRemoved: () => cache?.clear(),
        });
  const introspection = settings.introspection;
  const endpoint = introspection?.introspectionEndpoint;
  const assertActive =
    introspection &&
    createIntrospector({
      endpoint: endpoint !== undefined ? () => endpoint : () => introspectionEndpointOf(metadata),
      clientId: introspection.clientId,
      clientSecret: introspection.clientSecret,
      cacheTtlMs: introspection.cacheTtlSeconds * 1000,
      limits,
      now,
    });
  const headers = new Map<string, JoseHeader>();
  const policy = {
    issuer: settings.issuer,
    audiences: settings.audiences,
    toleranceSeconds: settings.toleranceSeconds,
  };

  const headerOf = (segment: string): JoseHeader => {
    let header = headers.get(segment);
    if (header === undefined) {
      header = parseJoseHeader(segment, algorithms);
      if (headers.size >= MAX_CACHED_HEADERS) headers.clear();
      headers.set(segment, header);
    }
    return header;
  };

  // Scratch space for the signing input and the decoded signature and claims: verification is synchronous
  // from here on, so one buffer per verifier serves every call without allocating. Each decoded segment is
  // at most 3/4 of its text, so twice the token size always suffices.
  const scratch = Buffer.allocUnsafe(2 * maxTokenBytes);

  const finish = (
    token: string,
    header: JoseHeader,
    key: ImportedKey,
    dot1: number,
    dot2: number,
    nowMs: number,
  ): VerifiedToken => {
    // RFC 8725 §3.1: the key decides the algorithm; a header naming another one is refused, which is what
    // defeats HS256-with-the-public-key and RS/PS substitution.
    if (key.alg !== header.alg)
      throw new VerifyError('ERR_JOSE_ALG_NOT_ALLOWED', 'The token alg does not match its key');
    // Layout: [signing input | signature | claims]. Checking both segments are canonical first also means
    // every character before dot2 is base64url or '.', so latin1 writes exactly the signing input bytes.
    const signatureLength = decodeBase64urlInto(token.slice(dot2 + 1), scratch, dot2);
    const claimsStart = dot2 + signatureLength;
    const claimsLength = decodeBase64urlInto(token.slice(dot1 + 1, dot2), scratch, claimsStart);
    if (signatureLength < 0 || claimsLength < 0) {
      throw new VerifyError('ERR_JWT_MALFORMED', 'The token is not canonical base64url');
    }
    scratch.write(token, 0, dot2, 'latin1');
    let valid = false;
    try {
      valid = key.verify(scratch.subarray(0, dot2), scratch.subarray(dot2, claimsStart));
    } catch {
      // OpenSSL refusing a malformed signature is an invalid signature, nothing more.
    }
    if (!valid) throw new VerifyError('ERR_JWS_SIGNATURE_INVALID', 'The token signature is invalid');
    const claims = parseJsonObject(scratch.toString('utf8', claimsStart, claimsStart + claimsLength));
    if (claims === undefined)
      throw new VerifyError('ERR_JWT_MALFORMED', 'The token claims are not a JSON object');
    checkClaims(claims, policy, nowMs / 1000);
    const verified: VerifiedToken = Object.freeze({ claims: deepFreeze(claims), header });
    if (cache !== undefined) {
      // Reused until the token expires, or until the key set must be checked again, whichever is first.
      const reusableUntilMs = Math.min(claims.exp * 1000, keys.freshUntilMs());
      if (reusableUntilMs > nowMs) cache.set(token, verified, reusableUntilMs);
    }
    return verified;
  };

  const verifyToken = (token: string): VerifiedToken | Promise<VerifiedToken> => {
    if (typeof token !== 'string') throw new VerifyError('ERR_JWT_MALFORMED', 'The token is not a string');
    // Checked on the string length first: every accepted token is ASCII, so characters are bytes.
    if (token.length > maxTokenBytes) throw new VerifyError('ERR_JWT_TOO_LARGE', 'The token is too large');
    const nowMs = now();
    if (cache !== undefined) {
      const hit = cache.get(token, nowMs);
      if (hit !== undefined) return hit;
    }
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    // RFC 7515 §7.1: exactly three segments; the JSON serializations (§7.2) are not access tokens.
    if (dot1 <= 0 || dot2 === -1 || token.indexOf('.', dot2 + 1) !== -1) {
      throw new VerifyError('ERR_JWT_MALFORMED', 'The token is not a JWS in compact serialization');
    }
    const header = headerOf(token.slice(0, dot1));
    const key = keys.resolve(header.kid, nowMs);
    // After a key fetch, claims are judged at the time the fetch ended.
    if (key instanceof Promise) return key.then((found) => finish(token, header, found, dot1, dot2, now()));
    return finish(token, header, key, dot1, dot2, nowMs);
  };

  return {
    issuer: settings.issuer,
    canCheckRevocation: assertActive !== undefined,
    verify(token, verifyOptions) {
      let result: VerifiedToken | Promise<VerifiedToken>;
      try {
        result = verifyToken(token);
      } catch (error) {
        return Promise.reject(error);
      }
      if (verifyOptions?.checkRevocation === true) {
        if (assertActive === undefined) {
          return Promise.reject(
            new VerifyError('ERR_INVALID_OPTIONS', 'checkRevocation needs the introspection option'),
          );
        }
        return Promise.resolve(result).then(async (verified) => {
          await assertActive(token, verified.claims.exp);
          return verified;
        });
      }
      return result instanceof Promise ? result : Promise.resolve(result);
    },
  };
}

async function introspectionEndpointOf(
  metadata: () => Promise<{ introspectionEndpoint: string | undefined }>,
) {
  const { introspectionEndpoint } = await metadata();
  if (introspectionEndpoint === undefined) {
    throw new VerifyError('ERR_DISCOVERY_FAILED', 'The discovery document has no introspection_endpoint');
  }
  return introspectionEndpoint;
}
