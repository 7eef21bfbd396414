// A key set fetched from the issuer's JWKS URI: cached, rate-limited refetches, last good set kept.

import type { Algorithm } from './algorithms.js';
import { VerifyError } from './errors.js';
import { fetchJson, type HttpLimits } from './fetch-json.js';
import type { ImportedKey } from './import-jwk.js';
import { findKey, indexJwkSet, type KeyIndex, lostKeys, noUsableKey } from './index-jwk-set.js';
import type { KeyResolver } from './key-resolver.js';
import { parseMaxAge } from './parse-max-age.js';
import { RetryBackoff } from './retry-backoff.js';

export interface RemoteKeySetOptions {
  /** The JWKS URI, or how to find it (discovery). Only this URL is ever fetched: never one from a token. */
  readonly jwksUri: () => string | Promise<string>;
  readonly allowed: ReadonlySet<Algorithm>;
  /** Minimum time between two fetches of the JWKS, whatever triggers them. */
  readonly cooldownMs: number;
  readonly limits: HttpLimits;
  readonly now: () => number;
  /** Called when a refetch no longer lists a key the previous set had (a key was withdrawn). */
  readonly onKeysRemoved?: () => void;
}

/** Freshness when the JWKS response has no Cache-Control max-age. */
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
/** Upper bound on a JWKS max-age, so a withdrawn key is noticed within a day at worst. */
const LONGEST_MAX_AGE_MS = 24 * 3600_000;

/**
 * Fetches the JWKS on first use and keeps it for its Cache-Control max-age. When the copy is stale, or a
 * token names a `kid` the copy lacks, the JWKS is fetched again, but never twice within `cooldownMs`:
 * a flood of tokens with made-up `kid`s costs the issuer at most one request per cooldown, and concurrent
 * callers share the fetch in flight. A JWK Set that arrives replaces the copy, even one without usable keys; when
 * a fetch fails (no answer, an HTTP error, a document that is not a JWK Set), the last good set keeps serving.
 *
 * Until a first key set is obtained (a service started before its issuer, say), failed fetches are retried
 * after 1 s, then 2 s, 4 s… up to the cooldown, so the service recovers within about a second of the issuer
 * coming up, and an issuer that stays down is soon asked only once per cooldown.
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): KeyResolver {
  let index: KeyIndex | undefined;
  let expiresAtMs = 0;
  /** Once a key set is at hand, no fetch starts before this time (the cooldown). */
  let nextFetchMs = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<KeyIndex> | undefined;
  let lastError: unknown;
  /** Until a key set is at hand, how long to wait after failed fetches. */
  const backoff = new RetryBackoff(options.cooldownMs);

  const refresh = (nowMs: number): Promise<KeyIndex> => {
    if (inFlight !== undefined) return inFlight;
    nextFetchMs = nowMs + options.cooldownMs;
    inFlight = fetchKeys()
      .then(
        ({ next, maxAgeMs }) => {
          // A JWK Set that was fetched is the issuer's word, even without usable keys: a key it no longer lists,
          // or lists with other key material, stops verifying now.
          if (index !== undefined && lostKeys(index, next)) options.onKeysRemoved?.();
          index = next;
          expiresAtMs = options.now() + maxAgeMs;
          backoff.succeeded();
          return next;
        },
        (error: unknown) => {
          lastError = error;
          if (index !== undefined) return index; // the last good set keeps serving
          backoff.failed(options.now());
          throw error;
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const fetchKeys = async (): Promise<{ next: KeyIndex; maxAgeMs: number }> => {
    const url = await options.jwksUri();
    let response: Awaited<ReturnType<typeof fetchJson>>;
    try {
      response = await fetchJson(url, { method: 'GET' }, options.limits);
    } catch (cause) {
      throw new VerifyError('ERR_JWKS_FETCH_FAILED', `Could not fetch the JWKS from ${url}`, { cause });
    }
    const next = indexJwkSet(response.body, options.allowed, index);
    const maxAge = parseMaxAge(response.headers.get('cache-control'));
    const maxAgeMs = maxAge === undefined ? DEFAULT_MAX_AGE_MS : Math.min(maxAge * 1000, LONGEST_MAX_AGE_MS);
    return { next, maxAgeMs };
  };

  const keyOrThrow = (current: KeyIndex, kid: string | undefined): ImportedKey => {
    if (current.usable.length === 0) throw noUsableKey();
    const key = findKey(current, kid);
    if (key === undefined) throw new VerifyError('ERR_JWKS_NO_MATCHING_KEY', 'No key matches the token kid');
    return key;
  };

  return {
    resolve(kid, nowMs) {
      const current = index;
      if (current !== undefined) {
        const fresh = nowMs < expiresAtMs;
        const key = fresh ? findKey(current, kid) : undefined;
        if (key !== undefined) return key;
        // Stale copy or unknown kid: refetch only if the cooldown allows (or join the fetch in flight);
        // otherwise answer from the copy we have.
        if (inFlight === undefined && nowMs < nextFetchMs) return keyOrThrow(current, kid);
      } else if (inFlight === undefined && !backoff.allows(nowMs)) {
        // Never had a key set and the last attempt failed moments ago: the issuer is not asked again until
        // its retry delay has passed.
        throw lastError;
      }
      return refresh(nowMs).then((next) => keyOrThrow(next, kid));
    },
    freshUntilMs: () => expiresAtMs,
  };
}
