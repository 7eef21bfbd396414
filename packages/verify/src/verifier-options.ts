// The options of createVerifier, and their validation: every mistake is reported at creation.

import { type Algorithm, isSupportedAlgorithm, SUPPORTED_ALGORITHMS } from './algorithms.js';
import { parseEndpointUrl } from './endpoint-url.js';
import { VerifyError } from './errors.js';

/** Options for RFC 7662 introspection, which makes revocation take effect before a token expires. */
export interface IntrospectionOptions {
  /** Defaults to the discovery document's `introspection_endpoint`. */
  readonly introspectionEndpoint?: string;
  /** This resource server's client credentials at the issuer (sent as client_secret_basic). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** How long an answer is reused; default 5 s, at most 300 s. Revocation takes effect within this time. */
  readonly cacheTtlSeconds?: number;
}

export interface VerifierOptions {
  /** The issuer identifier, exactly as the tokens' `iss` carries it. */
  readonly issuer: string;
  /** This resource server's identifier(s); a token must list one of them in `aud`. */
  readonly audience: string | readonly string[];
  /** The JWKS URI; by default it is read from the issuer's discovery document. */
  readonly jwksUri?: string;
  /** A key set in memory (`{ keys: [...] }`) instead of a remote one; nothing is then fetched for keys. */
  readonly jwks?: { readonly keys: readonly unknown[] };
  /** Accepted algorithms; default all of RS256, PS256, ES256, ES384, EdDSA. Each key still fixes its own. */
  readonly algorithms?: readonly Algorithm[];
  /** Seconds of clock skew allowed on exp, nbf and iat; default 30. */
  readonly clockTolerance?: number;
  /** Longest token accepted, checked before any decoding; default 8192. */
  readonly maxTokenBytes?: number;
  /** The verified-token cache: on by default with 1000 entries; `false` turns it off. */
  readonly cache?: boolean | { readonly maxEntries?: number };
  /** Minimum seconds between two JWKS fetches (e.g. for unknown `kid`s); default 30. */
  readonly jwksCooldownSeconds?: number;
  /** Timeout of each HTTP request (discovery, JWKS, introspection); default 5 s. */
  readonly httpTimeoutSeconds?: number;
  /** Enables `verify(token, { checkRevocation: true })`. */
  readonly introspection?: IntrospectionOptions;
  /** The clock, in milliseconds since the epoch; default Date.now. For tests. */
  readonly now?: () => number;
}

/** VerifierOptions validated, with defaults applied. */
export interface VerifierSettings {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: string | undefined;
  readonly jwks: unknown;
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly toleranceSeconds: number;
  readonly maxTokenBytes: number;
  readonly cacheMaxEntries: number;
  readonly jwksCooldownMs: number;
  readonly httpTimeoutMs: number;
  readonly introspection:
    | (Required<Omit<IntrospectionOptions, 'introspectionEndpoint'>> & {
        readonly introspectionEndpoint: string | undefined;
      })
    | undefined;
  readonly now: () => number;
}

const KNOWN_OPTIONS = new Set([
  'issuer',
  'audience',
  'jwksUri',
  'jwks',
  'algorithms',
  'clockTolerance',
  'maxTokenBytes',
  'cache',
  'jwksCooldownSeconds',
  'httpTimeoutSeconds',
  'introspection',
  'now',
]);

/** Throws ERR_INVALID_OPTIONS naming the first invalid option; returns the settings otherwise. */
export function validateVerifierOptions(options: VerifierOptions): VerifierSettings {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const name of Object.keys(options)) if (!KNOWN_OPTIONS.has(name)) fail(`unknown option "${name}"`);
  const { issuer, audience, jwksUri, jwks } = options;
  if (parseEndpointUrl(issuer) === undefined || /[?#]/.test(issuer)) {
    fail('issuer must be an https URL (or http on a loopback address) without query or fragment');
  }
  const audiences = typeof audience === 'string' ? [audience] : audience;
  if (!Array.isArray(audiences) || audiences.length === 0 || !audiences.every(isNonEmptyString)) {
    fail('audience must be a non-empty string or array of non-empty strings');
  }
  if (jwksUri !== undefined && jwks !== undefined) fail('give either jwksUri or jwks, not both');
  if (jwksUri !== undefined && parseEndpointUrl(jwksUri) === undefined) {
    fail('jwksUri must be an https URL (or http on a loopback address)');
  }
  const algorithms = options.algorithms ?? SUPPORTED_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every(isSupportedAlgorithm)) {
    fail(`algorithms must be a non-empty list drawn from ${SUPPORTED_ALGORITHMS.join(', ')}`);
  }
  const cache = options.cache ?? true;
  if (typeof cache !== 'boolean' && (typeof cache !== 'object' || cache === null)) {
    fail('cache must be a boolean or { maxEntries }');
  }
  const cacheMaxEntries = cache === false ? 0 : cache === true ? 1000 : (cache.maxEntries ?? 1000);
  if (options.now !== undefined && typeof options.now !== 'function') fail('now must be a function');
  return {
    issuer,
    audiences: Object.freeze([...audiences]),
    jwksUri,
    jwks,
    algorithms: new Set(algorithms),
    toleranceSeconds: numberIn('clockTolerance', options.clockTolerance, 30, 0, 600),
    maxTokenBytes: integerIn('maxTokenBytes', options.maxTokenBytes, 8192, 256, 1 << 20),
    cacheMaxEntries: integerIn('cache.maxEntries', cacheMaxEntries, 1000, 0, 1_000_000),
    jwksCooldownMs: numberIn('jwksCooldownSeconds', options.jwksCooldownSeconds, 30, 1, 86_400) * 1000,
    httpTimeoutMs: numberIn('httpTimeoutSeconds', options.httpTimeoutSeconds, 5, 0.01, 120) * 1000,
    introspection: validateIntrospection(options.introspection),
    now: options.now ?? Date.now,
  };
}

function validateIntrospection(options: IntrospectionOptions | undefined): VerifierSettings['introspection'] {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) fail('introspection must be an object');
  const { introspectionEndpoint, clientId, clientSecret } = options;
  if (introspectionEndpoint !== undefined && parseEndpointUrl(introspectionEndpoint) === undefined) {
    fail('introspection.introspectionEndpoint must be an https URL (or http on a loopback address)');
  }
  if (!isNonEmptyString(clientId) || !isNonEmptyString(clientSecret)) {
    fail('introspection needs clientId and clientSecret');
  }
  return {
    introspectionEndpoint,
    clientId,
    clientSecret,
    cacheTtlSeconds: numberIn('introspection.cacheTtlSeconds', options.cacheTtlSeconds, 5, 0, 300),
  };
}

function numberIn(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max))
    fail(`${name} must be a number in [${min}, ${max}]`);
  return value;
}

function integerIn(name: string, value: unknown, fallback: number, min: number, max: number): number {
  const number = numberIn(name, value, fallback, min, max);
  if (!Number.isInteger(number)) fail(`${name} must be an integer`);
  return number;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function fail(message: string): never {
  throw new VerifyError('ERR_INVALID_OPTIONS', message);
}
