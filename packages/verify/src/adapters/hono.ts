// Hono 4 guards (middleware): a thin adapter over the framework-neutral guard core.

import type { Context, MiddlewareHandler } from 'hono';
import type { AccessTokenClaims } from '../check-claims.js';
import { adaptGuards, type Guard, type GuardOptions, type Guards } from '../guards/create-guard-core.js';

/** Context variables the guards set: `c.get('auth')` holds the verified claims. */
export type AuthVariables = { auth: AccessTokenClaims };
/** Use as `new Hono<AuthEnv>()` so that `c.get('auth')` is typed. */
export type AuthEnv = { Variables: AuthVariables };

export type HonoGuardOptions = GuardOptions<Context>;

export type HonoGuards = Guards<Context, MiddlewareHandler<AuthEnv>>;

/** Hono middleware for each guard; options are validated here, once. */
export function createGuards(options: HonoGuardOptions): HonoGuards {
  return adaptGuards(options, middleware);
}

function middleware(guard: Guard<Context>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    // Fetch's Headers joins a repeated header with ", ", as joinedAuthorization does for Node's raw headers.
    const result = await guard(c, c.req.header('authorization'));
    if (!result.allowed) {
      const { status, headers, body } = result.denial;
      return c.body(body, status, headers);
    }
    c.set('auth', result.claims);
    await next();
    return undefined;
  };
}
