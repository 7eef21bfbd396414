// The service's own access token, from the issuer's token endpoint by the client credentials grant (RFC 6749 §4.4):
// fetched on first use, reused until shortly before it expires, and shared by every caller meanwhile.

import type { AssertionSigner } from './client-assertion.js';
import { VerifyError } from './errors.js';
import { type FetchFunction, fetchJson, type HttpLimits } from './fetch-json.js';

export interface ClientCredentialsOptions {
  /** The issuer identifier: the audience of a private_key_jwt assertion. */
  readonly issuer: string;
  /** The token endpoint (from discovery). */
  readonly tokenEndpoint: () => Promise<string>;
  readonly clientId: string;
  /** client_secret_basic (RFC 6749 §2.3.1), or private_key_jwt (RFC 7523) with the signer. */
  readonly credentials: { readonly secret: string } | { readonly signer: AssertionSigner };
  /** The access token's audience, as an RFC 8707 resource indicator. */
  readonly resource: string;
  readonly scope: string;
  readonly limits: HttpLimits;
  readonly fetch: FetchFunction | undefined;
  /** Milliseconds since the epoch: the clock that decides when the token is due for renewal. */
  readonly now: () => number;
}

export interface AccessTokenSource {
  /** A live access token; rejects ERR_TOKEN_REQUEST_FAILED when the issuer gives none. */
  token(): Promise<string>;
  /** Drops `token` (the resource server refused it, e.g. revoked), so that the next call fetches another. */
  forget(token: string): void;
}

/** A token is renewed this long before it expires, or at half its lifetime when that is shorter. */
const RENEW_BEFORE_EXPIRY_MS = 30_000;

interface HeldToken {
  readonly value: string;
  readonly renewAtMs: number;
}

/**
 * Single flight: while a token request is under way every caller waits for it, so a burst of checks costs one
 * request. A failed request is not remembered; the next caller tries again.
 */
export function createAccessTokenSource(options: ClientCredentialsOptions): AccessTokenSource {
  let held: HeldToken | undefined;
  let pending: Promise<HeldToken> | undefined;

  const request = async (): Promise<HeldToken> => {
    const endpoint = await options.tokenEndpoint();
    const requestedAtMs = options.now();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: options.scope,
      resource: options.resource,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if ('secret' in options.credentials) {
      // RFC 6749 §2.3.1: client_secret_basic form-encodes id and secret before base64.
      const pair = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.credentials.secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      // RFC 7523 §2.2; draft-ietf-oauth-rfc7523bis: the audience is the issuer identifier.
      form.set('client_id', options.clientId);
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', options.credentials.signer(options.issuer, requestedAtMs));
    }
    let body: unknown;
    try {
      ({ body } = await fetchJson(
        endpoint,
        { method: 'POST', headers, body: form.toString() },
        options.limits,
        options.fetch,
      ));
    } catch (cause) {
      throw new VerifyError('ERR_TOKEN_REQUEST_FAILED', 'The token endpoint gave no access token', { cause });
    }
    const { access_token: value, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
    if (typeof value !== 'string' || value === '') {
      throw new VerifyError('ERR_TOKEN_REQUEST_FAILED', 'The token response has no access_token');
    }
    // RFC 6749 §5.1: expires_in is recommended, not required; without it the token is used once.
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : 0;
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    return { value, renewAtMs: requestedAtMs + lifetimeMs - margin };
  };

  return {
    async token() {
      if (held !== undefined && options.now() < held.renewAtMs) return held.value;
      pending ??= request().finally(() => {
        pending = undefined;
      });
      held = await pending;
      return held.value;
    },
    forget(token) {
      if (held?.value === token) held = undefined;
    },
  };
}
