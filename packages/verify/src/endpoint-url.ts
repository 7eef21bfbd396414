// Which URLs this package will send requests to: HTTPS, or plain HTTP to this machine only.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * `value` as a URL if it is an acceptable endpoint: https (RFC 8414 §2 requires it for jwks_uri and
 * endpoints), or http to a loopback address for development and tests; no credentials, no fragment.
 */
export function parseEndpointUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.hash !== '') return undefined;
  return url;
}
