// CORS (WHATWG Fetch §3.2) for browser apps: the endpoints a client calls answer only that client's web origins
// (oauth/clients/web-origins.ts), preflights included; the public documents (discovery, JWKS) answer every origin.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { Client, ClientStore } from '../oauth/clients/client.js';
import { allowsWebOrigin } from '../oauth/clients/web-origins.js';
import { OAuthError } from '../oauth/oauth-error.js';

// Never Access-Control-Allow-Credentials: these endpoints take their credentials from the Authorization header and
// the body (client secret, code verifier, tokens), never from cookies. An app's fetch to another origin sends no
// cookies by default, and a page that makes the browser send Tessera's (credentials: 'include') cannot read the
// answer, so no cross-site page can ride on a Tessera session. Never `*` either where a client's origins apply: the
// answer names the one origin that may read it.

/**
 * Authorization: Basic client authentication (RFC 6749 §2.3.1) and bearer tokens (RFC 6750 §2.1). Content-Type: a
 * form body is CORS-safelisted, but not every way of labelling one is. DPoP is not implemented, so not listed.
 */
const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type';
/** RFC 6750 §3 errors travel in WWW-Authenticate; a 503 says when to retry. */
const EXPOSED_RESPONSE_HEADERS = 'WWW-Authenticate, Retry-After';
/**
 * How long a browser may reuse a preflight answer (Chromium caps it at two hours). Every actual request is checked
 * against its client again, so a stale answer grants nothing.
 */
const PREFLIGHT_MAX_AGE_SECONDS = 3600;

export interface CorsRoutes {
  /** Endpoints called for one client, with their methods: only that client's web origins may read the answers. */
  perClient: Record<string, readonly HTTPMethods[]>;
  /** Public documents, with their methods: any origin may read them (no credentials). */
  open: Record<string, readonly HTTPMethods[]>;
}

/** What a preflight (which names no client) and an answer that names none need to know about clients. */
export type CorsClients = Pick<ClientStore, 'findById' | 'anyClientAllowsOrigin'>;

/** Which client a request on a per-client endpoint is for, as far as it is known yet, and whether it was admitted. */
type CorsClientState = { kind: 'named'; clientId: string } | { kind: 'admitted' } | { kind: 'refused' };
const requestClients = new WeakMap<FastifyRequest, CorsClientState>();

/**
 * Records the client a request names (Basic user name or client_id) before it is authenticated, so that an
 * authentication error is readable by that client's web origins, and by no one else's.
 */
export function nameCorsClient(request: FastifyRequest, clientId: string | undefined): void {
  if (clientId !== undefined) requestClients.set(request, { kind: 'named', clientId });
}

/**
 * The request is for `client` (the authenticated one, or the one an access token was issued to). A request from a
 * browser page (it has an Origin) on an origin the client does not allow is refused here, before anything is done
 * on its behalf: the browser would not let the page read the answer, and a code or refresh token it carried must not
 * be spent by it (as node-oidc-provider's clientBasedCORS does). Requests without an Origin (servers) are unaffected.
 */
export function admitCorsClient(request: FastifyRequest, client: Client | undefined): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (client === undefined || !allowsWebOrigin(client, origin)) {
    requestClients.set(request, { kind: 'refused' });
    throw new OAuthError(
      'invalid_request',
      `this client does not allow requests from the web origin ${JSON.stringify(origin)}`,
    );
  }
  requestClients.set(request, { kind: 'admitted' });
}

export function registerCors(app: FastifyInstance, routes: CorsRoutes, clients: CorsClients): void {
  const kinds = new Map<string, 'perClient' | 'open'>();
  for (const [path, methods] of Object.entries(routes.perClient)) {
    kinds.set(path, 'perClient');
    app.options(path, async (request, reply) => {
      // The answer depends on the Origin, so caches must keep one per origin (Fetch §3.2.5).
      reply.header('vary', 'Origin');
      const origin = preflightOrigin(request);
      if (origin !== undefined && (await clients.anyClientAllowsOrigin(origin))) {
        answerPreflight(reply, origin, methods).header(
          'access-control-allow-headers',
          ALLOWED_REQUEST_HEADERS,
        );
      }
      // For an origin no client allows: no CORS headers, so the browser refuses the request it asked about.
      return reply.code(204).header('allow', allowHeader(methods)).send();
    });
  }
  for (const [path, methods] of Object.entries(routes.open)) {
    kinds.set(path, 'open');
    app.options(path, async (request, reply) => {
      if (preflightOrigin(request) !== undefined) {
        // Any request header: the documents are public and no credentials are allowed, so none can unlock more.
        answerPreflight(reply, '*', methods).header('access-control-allow-headers', '*');
      }
      return reply.code(204).header('allow', allowHeader(methods)).send();
    });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const kind = request.method === 'OPTIONS' ? undefined : kinds.get(request.routeOptions.url ?? '');
    if (kind === 'open') {
      reply.header('access-control-allow-origin', '*');
    } else if (kind === 'perClient') {
      reply.header('vary', appendVary(reply.getHeader('vary'), 'Origin'));
      const origin = request.headers.origin;
      if (origin !== undefined && (await mayRead(request, reply, origin, clients))) {
        reply
          .header('access-control-allow-origin', origin)
          .header('access-control-expose-headers', EXPOSED_RESPONSE_HEADERS);
      }
    }
    return payload;
  });
}

/** Whether the page on `origin` may read this answer: errors too, so an app can tell invalid_grant from a network failure. */
async function mayRead(
  request: FastifyRequest,
  reply: FastifyReply,
  origin: string,
  clients: CorsClients,
): Promise<boolean> {
  const state = requestClients.get(request);
  try {
    if (state?.kind === 'admitted') return true;
    if (state?.kind === 'refused') return false;
    if (state?.kind === 'named') {
      const client = await clients.findById(state.clientId);
      return client !== undefined && allowsWebOrigin(client, origin);
    }
    // Nothing named a client (no token at userinfo, a body that could not be read): the answer is an error that
    // holds nothing about any client, readable by the origins clients allow, so their apps can handle it.
    return reply.statusCode >= 400 && (await clients.anyClientAllowsOrigin(origin));
  } catch {
    // The database is down: the 503 goes out without CORS rather than not at all.
    return false;
  }
}

/** The Origin of a CORS preflight (Fetch §3.2.2: OPTIONS with Access-Control-Request-Method), else undefined. */
function preflightOrigin(request: FastifyRequest): string | undefined {
  return request.headers['access-control-request-method'] === undefined ? undefined : request.headers.origin;
}

function answerPreflight(
  reply: FastifyReply,
  allowOrigin: string,
  methods: readonly HTTPMethods[],
): FastifyReply {
  return reply
    .header('access-control-allow-origin', allowOrigin)
    .header('access-control-allow-methods', methods.join(', '))
    .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
}

/** RFC 9110 §9.3.7: OPTIONS says which methods the resource supports. */
function allowHeader(methods: readonly HTTPMethods[]): string {
  return [...methods, 'OPTIONS'].join(', ');
}

function appendVary(current: ReturnType<FastifyReply['getHeader']>, name: string): string {
  const values =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((v) => v.trim());
  return values.some((v) => v.toLowerCase() === name.toLowerCase())
    ? values.join(', ')
    : [...values, name].join(', ');
}
