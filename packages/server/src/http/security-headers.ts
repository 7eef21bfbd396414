// Headers every response carries: no sniffing, no referrer, and no framing (RFC 9700 §4.16, clickjacking).
import type { FastifyInstance } from 'fastify';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

/** RFC 6797: once served over https, browsers must never fall back to http for a year. */
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

export function registerSecurityHeaders(app: FastifyInstance, https: boolean): void {
  const headers = https ? { ...SECURITY_HEADERS, ...HSTS } : SECURITY_HEADERS;
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
}
