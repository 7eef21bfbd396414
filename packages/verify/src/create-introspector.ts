// Asks the issuer whether a token is still active (RFC 7662), with a short bounded cache of answers.

import { VerifyError } from './errors.js';
import { fetchJson, type HttpLimits } from './fetch-json.js';
import { RetryBackoff } from './retry-backoff.js';

export interface IntrospectorOptions {
  readonly endpoint: () => string | Promise<string>;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly cacheTtlMs: number;
  readonly limits: HttpLimits;
  readonly now: () => number;
}

/** Throws (rejects) ERR_JWT_REVOKED when the token is inactive, ERR_INTROSPECTION_FAILED when unknown. */
export type AssertActive = (token: string, expSeconds: number) => Promise<void>;

/** Enough for the tokens of a busy service within a few seconds; beyond it the oldest answer goes. */
const MAX_ENTRIES = 10_000;
/** Longest wait after failed introspections, as long as the Retry-After the guards send with their 503. */
const MAX_RETRY_MS = 5_000;

interface Answer {
  readonly active: Promise<boolean>;
  expiresAtMs: number;
}

/**
 * An `AssertActive` that introspects each token at most once per `cacheTtlMs` (concurrent requests for
 * one token share a request) and never trusts an answer past the token's `exp`. Failed requests are not
 * cached, but after one no token is introspected for a retry delay (1 s, doubling up to 5 s): those fail
 * at once with the same error, so a down issuer is not asked once per incoming request.
 */
export function createIntrospector(options: IntrospectorOptions): AssertActive {
  const answers = new Map<string, Answer>();
  const backoff = new RetryBackoff(MAX_RETRY_MS);
  let lastError: unknown;
  // RFC 6749 §2.3.1: client_secret_basic form-encodes id and secret before base64.
  const credentials = Buffer.from(
    `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
  ).toString('base64');

  const ask = async (token: string): Promise<boolean> => {
    let body: unknown;
    try {
      const url = await options.endpoint();
      ({ body } = await fetchJson(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${credentials}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        },
        options.limits,
      ));
    } catch (cause) {
      throw new VerifyError('ERR_INTROSPECTION_FAILED', 'The introspection endpoint did not answer', {
        cause,
      });
    }
    if (
      typeof body !== 'object' ||
      body === null ||
      typeof (body as { active?: unknown }).active !== 'boolean'
    ) {
      throw new VerifyError('ERR_INTROSPECTION_FAILED', 'The introspection response has no boolean "active"');
    }
    // RFC 7662 §2.2: `active` is the only required member; anything but true means not usable.
    return (body as { active: boolean }).active;
  };

  return async (token, expSeconds) => {
    const nowMs = options.now();
    let answer = answers.get(token);
    if (answer === undefined || nowMs >= answer.expiresAtMs) {
      if (answer !== undefined) answers.delete(token);
      if (!backoff.allows(nowMs)) throw lastError;
      const entry: Answer = {
        active: ask(token).then(
          (active) => {
            backoff.succeeded();
            return active;
          },
          (error: unknown) => {
            lastError = error;
            backoff.failed(options.now());
            throw error;
          },
        ),
        expiresAtMs: Math.min(nowMs + options.cacheTtlMs, expSeconds * 1000),
      };
      answer = entry;
      answers.set(token, entry);
      if (answers.size > MAX_ENTRIES) answers.delete(answers.keys().next().value as string);
      entry.active.catch(() => {
        if (answers.get(token) === entry) answers.delete(token);
      });
    }
    if (!(await answer.active)) throw new VerifyError('ERR_JWT_REVOKED', 'The token is no longer active');
  };
}
