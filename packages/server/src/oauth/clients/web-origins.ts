// The web origins a client allows to call Tessera from a browser (CORS): those of its redirect URIs and its listed ones.
import type { Client } from './client.js';

/**
 * A client's web origins, as browsers serialize them in `Origin` (RFC 6454 §6.1): the origin of each http(s) redirect
 * URI (a native app's private-use scheme has none), then its `allowedOrigins`, without repeats. As Keycloak's "+"
 * and Ory's allowed_cors_origins, an SPA needs no extra configuration for its own origin.
 */
export function webOriginsOf(client: Pick<Client, 'redirectUris' | 'allowedOrigins'>): string[] {
  const origins = new Set<string>();
  for (const uri of client.redirectUris) {
    const url = new URL(uri);
    if (url.protocol === 'https:' || url.protocol === 'http:') origins.add(url.origin);
  }
  for (const origin of client.allowedOrigins) origins.add(origin);
  return [...origins];
}

/** Whether a browser page on `origin` may call for `client`; an exact match, as the Fetch standard compares. */
export function allowsWebOrigin(
  client: Pick<Client, 'redirectUris' | 'allowedOrigins'>,
  origin: string,
): boolean {
  return webOriginsOf(client).includes(origin);
}
