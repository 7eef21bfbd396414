// Express 5 guards: a thin adapter over the framework-neutral guard core.

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessTokenClaims } from '../check-claims.js';
import { joinedAuthorization } from '../guards/authorization-header.js';
import { adaptGuards, type Guard, type GuardOptions, type Guards } from '../guards/create-guard-core.js';
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

export type ExpressGuards = Guards<Request, RequestHandler>;

/** Express middleware for each guard; options are validated here, once. */
export function createGuards(options: ExpressGuardOptions): ExpressGuards {
  return adaptGuards(options, middleware);
}

function middleware(guard: Guard<Request>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    guard(req, joinedAuthorization(req.rawHeaders)).then((result) => {
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
