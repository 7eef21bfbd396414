// A request carries at most one Authorization header. Node keeps only the first of several, which a proxy in front
// may read differently, and RFC 6749 §2.3 allows one authentication method per request: several are refused.
import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';

const NAME = 'authorization';

export function registerSingleAuthorization(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (countHeader(request.raw.rawHeaders, NAME) > 1) {
      throw new OAuthError('invalid_request', 'send at most one Authorization header');
    }
  });
}

/** How many times `rawHeaders` (name, value, name, value…) names the lower-case header `name`. */
function countHeader(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const header = rawHeaders[i] as string;
    if (header.length === name.length && header.toLowerCase() === name) count++;
  }
  return count;
}
