// Reads the freshness lifetime a JWKS response grants itself (RFC 9111 §5.2.2.1 max-age).

/**
 * Seconds from `Cache-Control: max-age=N`, 0 for `no-store`/`no-cache`, undefined when the header says
 * neither (the caller then applies its default).
 */
export function parseMaxAge(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  if (/(?:^|,)\s*no-(?:store|cache)\s*(?:,|$|=)/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
