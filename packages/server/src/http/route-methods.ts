// Which methods each path has, learned from every route as Fastify registers it, so that a wrong method on an
// existing path can be answered 405 with an Allow header (RFC 9110 §15.5.6) instead of 404.
import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { pathOf } from './query-string.js';

export interface RouteMethods {
  /** The methods routed for `url`'s path (its query ignored), sorted; empty when no route has that path. */
  allowedFor(url: string): string[];
}

const noop = () => undefined;

/** Call before any route is added: every later route (plugins' included) is counted. */
export function trackRouteMethods(app: FastifyInstance): RouteMethods {
  // A second router fed the same routes matches paths exactly as Fastify's own does (parameters, wildcards), with
  // Fastify's defaults (case-sensitive, trailing slash significant), so the two cannot disagree about a path.
  const router = FindMyWay();
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat().map((m) => m.toUpperCase() as HTTPMethod)) {
      if (!router.hasRoute(method, route.url)) router.on(method, route.url, noop);
      methods.add(method);
    }
  });
  return {
    allowedFor(url) {
      const path = pathOf(url);
      return [...methods].filter((method) => router.find(method, path) !== null).sort();
    },
  };
}
