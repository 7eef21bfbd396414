// The one list of host names that mean this machine, where plain http (issuer, redirect URIs, allowed origins) and
// SMTP without TLS are allowed.

// As URL.hostname spells them: an IPv6 literal keeps its brackets.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a URL's hostname (`new URL(…).hostname`) is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** https anywhere, or plain http on this machine (RFC 8252 §7.3, RFC 9700 §2.1, RFC 8414 §2). */
export function isHttpsOrLoopbackHttp(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
