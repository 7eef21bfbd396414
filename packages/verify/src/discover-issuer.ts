// Finds the issuer's endpoints through its OpenID Provider discovery document (OIDC Discovery 1.0 §4).

import { parseEndpointUrl } from './endpoint-url.js';
import { VerifyError } from './errors.js';
import { type FetchFunction, fetchJson, type HttpLimits } from './fetch-json.js';

/** The members of the discovery document this package uses. */
export interface IssuerMetadata {
  readonly jwksUri: string;
  readonly introspectionEndpoint: string | undefined;
  readonly tokenEndpoint: string | undefined;
}

/**
 * A function returning the issuer's metadata, fetched on first use and then kept for the life of the
 * process (endpoints do not move; keys, which do, are cached separately by the key set). A failed fetch is
 * not remembered, so the next caller tries again. Rejects with ERR_DISCOVERY_FAILED.
 */
export function discoverIssuer(
  issuer: string,
  limits: HttpLimits,
  fetchFunction?: FetchFunction,
): () => Promise<IssuerMetadata> {
  let metadata: Promise<IssuerMetadata> | undefined;
  return () => {
    metadata ??= fetchMetadata(issuer, limits, fetchFunction).catch((error: unknown) => {
      metadata = undefined;
      throw error;
    });
    return metadata;
  };
}

async function fetchMetadata(
  issuer: string,
  limits: HttpLimits,
  fetchFunction: FetchFunction | undefined,
): Promise<IssuerMetadata> {
  // OIDC Discovery §4: a terminating "/" of the issuer is removed before appending the well-known path.
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: Record<string, unknown>;
  try {
    document = (await fetchJson(url, { method: 'GET' }, limits, fetchFunction)).body as Record<
      string,
      unknown
    >;
  } catch (cause) {
    throw new VerifyError('ERR_DISCOVERY_FAILED', `Could not fetch ${url}`, { cause });
  }
  // OIDC Discovery §4.3: the document's issuer must be exactly the one we were configured with, or a
  // document served elsewhere could make us trust another issuer's keys.
  if (document === null || typeof document !== 'object' || document.issuer !== issuer) {
    throw new VerifyError('ERR_DISCOVERY_FAILED', 'The discovery document names a different issuer');
  }
  const jwksUri = parseEndpointUrl(document.jwks_uri);
  if (jwksUri === undefined) {
    throw new VerifyError('ERR_DISCOVERY_FAILED', 'The discovery document has no usable jwks_uri');
  }
  const introspection = parseEndpointUrl(document.introspection_endpoint);
  const token = parseEndpointUrl(document.token_endpoint);
  return { jwksUri: jwksUri.href, introspectionEndpoint: introspection?.href, tokenEndpoint: token?.href };
}
