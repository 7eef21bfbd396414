// Express 5 guards: a thin adapter over the framework-neutral guard core.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessTokenClaims } from '../check-claims.js';
import { createGuardCore, type Guard, type GuardOptions } from '../guards/create-guard-core.js';
import type { Denial } from '../guards/denials.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified access token claims, set by the @tessera/verify guards. */
      auth?: AccessTokenClaims;
    }
  }
}

export type ExpressGuardOptions = GuardOptions<Request>;

export interface ExpressGuards {
  requireAuth(options?: { readonly checkRevocation?: boolean }): RequestHandler;
  requireScope(...scopes: string[]): RequestHandler;
  requireRole(...roles: string[]): RequestHandler;
  requirePermission(
    relation: string,
    objectType: string,
    objectId: (req: Request) => string | undefined | Promise<string | undefined>,
  ): RequestHandler;
}

/** Express middleware for each guard; options are validated here, once. */
export function createGuards(options: ExpressGuardOptions): ExpressGuards {
  const core = createGuardCore<Request>(options);
  return {
    requireAuth: (authOptions) => middleware(core.requireAuth(authOptions)),
    requireScope: (...scopes) => middleware(core.requireScope(...scopes)),
    requireRole: (...roles) => middleware(core.requireRole(...roles)),
    requirePermission: (relation, objectType, objectId) =>
      middleware(core.requirePermission(relation, objectType, objectId)),
  };
}

function middleware(guard: Guard<Request>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    guard(req, req.headers.authorization).then((result) => {
      if (result.allowed) {
        req.auth = result.claims;
        next();
      } else {
        send(res, result.denial);
      }
    }, next);
  };
}

function send(res: Response, denial: Denial): void {
  res.status(denial.status).set(denial.headers).send(denial.body);
}
