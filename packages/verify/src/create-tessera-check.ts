// A ready-made `check` for requirePermission: asks Tessera's OpenFGA-compatible check API
// (`<issuer>/fga/stores/{id}/check`) with the service's own client-credentials access token, failing closed.

import { type ClientPrivateKey, createAssertionSigner } from './client-assertion.js';
import { createAccessTokenSource } from './client-credentials-token.js';
import { discoverIssuer } from './discover-issuer.js';
import { parseEndpointUrl } from './endpoint-url.js';
import { VerifyError } from './errors.js';
import { type FetchFunction, fetchJson, type HttpLimits, HttpStatusError } from './fetch-json.js';
import type { PermissionCheck } from './guards/create-guard-core.js';

export interface TesseraCheckOptions {
  /** Tessera's issuer URL (https, or http on loopback), as in its tokens and discovery document. */
  readonly issuer: string;
  /** A client registered with the client_credentials grant, the audience `<issuer>/fga` and the `fga:read` scope. */
  readonly clientId: string;
  /** The client's secret (client_secret_basic); or give privateKey instead. */
  readonly clientSecret?: string;
  /** The client's private key (private_key_jwt): RSA (RS256), P-256 (ES256) or Ed25519 (EdDSA); with its `kid`. */
  readonly privateKey?: ClientPrivateKey;
  readonly privateKeyId?: string;
  /** The OpenFGA store the relationships live in. */
  readonly storeId: string;
  /** The model to check against; default: the store's latest. */
  readonly authorizationModelId?: string;
  /** Bound on each request to Tessera (discovery, token, check), in milliseconds; default 2000. */
  readonly timeoutMs?: number;
  /**
   * Allowed answers kept for `ttlMs` (at most `maxEntries` of them, the oldest going first), so a burst of requests
   * for one object costs one check. Denials are never kept: a permission granted shows at once, while one removed
   * may still allow for up to `ttlMs`, so keep it short (seconds). Default: no cache.
   */
  readonly cache?: { readonly ttlMs: number; readonly maxEntries: number };
  /** The fetch to send requests with; default the global one. */
  readonly fetch?: FetchFunction;
  /** Milliseconds since the epoch (token renewal and the cache's clock); default Date.now. Tests inject one. */
  readonly now?: () => number;
}

/** What the check reads of a response; anything larger is not a check answer. */
const MAX_RESPONSE_BYTES = 64 * 1024;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const DEFAULT_TIMEOUT_MS = 2000;
const MAX_TIMEOUT_MS = 60_000;

/**
 * A PermissionCheck over Tessera. It answers true or false only when Tessera answered `allowed` so; otherwise (Tessera
 * down, too slow, an error status, no token) it throws, and requirePermission answers 503: it never allows on error.
 * A 401 (the token was revoked or expired early) is retried once with a new token. Options are validated here,
 * throwing ERR_INVALID_OPTIONS; per check it rejects ERR_TOKEN_REQUEST_FAILED or ERR_PERMISSION_CHECK_FAILED.
 */
export function createTesseraCheck(options: TesseraCheckOptions): PermissionCheck {
  const { issuer, clientId, storeId, authorizationModelId } = options;
  const issuerUrl = parseEndpointUrl(issuer);
  if (issuerUrl === undefined || issuerUrl.search !== '')
    invalid('issuer must be an https URL (http only on loopback) without query or fragment');
  if (typeof clientId !== 'string' || clientId === '') invalid('clientId is required');
  if ((options.clientSecret === undefined) === (options.privateKey === undefined))
    invalid('give exactly one of clientSecret and privateKey');
  if (
    options.clientSecret !== undefined &&
    (typeof options.clientSecret !== 'string' || options.clientSecret === '')
  )
    invalid('clientSecret must be a non-empty string');
  if (typeof storeId !== 'string' || !ULID.test(storeId))
    invalid('storeId must be an OpenFGA store id (a ULID)');
  if (authorizationModelId !== undefined && !ULID.test(authorizationModelId))
    invalid('authorizationModelId must be a model id (a ULID)');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS)
    invalid(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  const { cache } = options;
  if (
    cache !== undefined &&
    !(
      Number.isInteger(cache.ttlMs) &&
      cache.ttlMs > 0 &&
      Number.isInteger(cache.maxEntries) &&
      cache.maxEntries > 0
    )
  )
    invalid('cache needs a positive whole ttlMs and maxEntries');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') invalid('fetch must be a function');
  if (options.now !== undefined && typeof options.now !== 'function') invalid('now must be a function');

  const now = options.now ?? Date.now;
  const limits: HttpLimits = { timeoutMs, maxBytes: MAX_RESPONSE_BYTES };
  const base = issuer.replace(/\/$/, '');
  const metadata = discoverIssuer(issuer, limits, options.fetch);
  const tokens = createAccessTokenSource({
    issuer,
    clientId,
    credentials:
      options.privateKey !== undefined
        ? { signer: createAssertionSigner(clientId, options.privateKey, options.privateKeyId) }
        : { secret: options.clientSecret as string },
    tokenEndpoint: async () => {
      const { tokenEndpoint } = await metadata();
      if (tokenEndpoint === undefined)
        throw new VerifyError(
          'ERR_TOKEN_REQUEST_FAILED',
          'The discovery document has no usable token_endpoint',
        );
      return tokenEndpoint;
    },
    resource: `${base}/fga`,
    scope: 'fga:read',
    limits,
    fetch: options.fetch,
    now,
  });
  const checkUrl = `${base}/fga/stores/${storeId}/check`;
  const allowedUntil = new Map<string, number>();

  const ask = async (query: { user: string; relation: string; object: string }, token: string) => {
    const body = JSON.stringify({
      tuple_key: { user: query.user, relation: query.relation, object: query.object },
      ...(authorizationModelId !== undefined && { authorization_model_id: authorizationModelId }),
    });
    const response = await fetchJson(
      checkUrl,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      },
      limits,
      options.fetch,
    );
    const allowed = (response.body as { allowed?: unknown } | null)?.allowed;
    if (typeof allowed !== 'boolean') throw new Error('The check response has no boolean "allowed"');
    return allowed;
  };

  return async (query) => {
    const key = `${query.user}\n${query.relation}\n${query.object}`;
    if (cache !== undefined) {
      const until = allowedUntil.get(key);
      if (until !== undefined && now() < until) return true;
      if (until !== undefined) allowedUntil.delete(key);
    }
    let allowed: boolean;
    try {
      const token = await tokens.token();
      try {
        allowed = await ask(query, token);
      } catch (error) {
        if (!(error instanceof HttpStatusError && error.status === 401)) throw error;
        // The token stopped being good before its time (revoked, keys rotated away): one more try with a new one.
        tokens.forget(token);
        allowed = await ask(query, await tokens.token());
      }
    } catch (cause) {
      if (cause instanceof VerifyError) throw cause;
      throw new VerifyError('ERR_PERMISSION_CHECK_FAILED', "Tessera's check API did not answer", { cause });
    }
    if (allowed && cache !== undefined) {
      allowedUntil.delete(key);
      allowedUntil.set(key, now() + cache.ttlMs);
      if (allowedUntil.size > cache.maxEntries)
        allowedUntil.delete(allowedUntil.keys().next().value as string);
    }
    return allowed;
  };
}

function invalid(message: string): never {
  throw new VerifyError('ERR_INVALID_OPTIONS', message);
}
