// Hono 4 guards (middleware): a thin adapter over the framework-neutral guard core.

import type { Context, MiddlewareHandler } from 'hono';
import type { AccessTokenClaims } from '../check-claims.js';
import { createGuardCore, type Guard, type GuardOptions } from '../guards/create-guard-core.js';

/** Context variables the guards set: `c.get('auth')` holds the verified claims. */
export type AuthVariables = { auth: AccessTokenClaims };
/** Use as `new Hono<AuthEnv>()` so that `c.get('auth')` is typed. */
export type AuthEnv = { Variables: AuthVariables };

export type HonoGuardOptions = GuardOptions<Context>;

export interface HonoGuards {
  requireAuth(options?: { readonly checkRevocation?: boolean }): MiddlewareHandler<AuthEnv>;
  requireScope(...scopes: string[]): MiddlewareHandler<AuthEnv>;
  requireRole(...roles: string[]): MiddlewareHandler<AuthEnv>;
  requirePermission(
    relation: string,
    objectType: string,
    objectId: (c: Context) => string | undefined | Promise<string | undefined>,
  ): MiddlewareHandler<AuthEnv>;
}

/** Hono middleware for each guard; options are validated here, once. */
export function createGuards(options: HonoGuardOptions): HonoGuards {
  const core = createGuardCore<Context>(options);
  return {
    requireAuth: (authOptions) => middleware(core.requireAuth(authOptions)),
    requireScope: (...scopes) => middleware(core.requireScope(...scopes)),
    requireRole: (...roles) => middleware(core.requireRole(...roles)),
    requirePermission: (relation, objectType, objectId) =>
      middleware(core.requirePermission(relation, objectType, objectId)),
  };
}

function middleware(guard: Guard<Context>): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
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
