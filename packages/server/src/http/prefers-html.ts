// Content negotiation for errors (RFC 9110 §12.5.1): whether the client would rather have a page than JSON.
import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';

// JSON comes first, so "any type", a missing Accept and equal preferences keep the JSON an API client expects.
const ERROR_MEDIA_TYPES = ['application/json', 'text/html'] as const;

/** True for a browser (its Accept prefers text/html); false for API clients. */
export function prefersHtml(request: FastifyRequest): boolean {
  return new Negotiator(request).mediaType(ERROR_MEDIA_TYPES) === 'text/html';
}
