// The same small API built on Express, Fastify and Hono, each guarded by its @tessera/verify adapter and
// served over real HTTP on 127.0.0.1. The shared guard suite runs against every entry of ADAPTERS.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono, type MiddlewareHandler } from 'hono';
import { createGuards as expressGuards } from '../../src/adapters/express.js';
import { createGuards as fastifyGuards } from '../../src/adapters/fastify.js';
import { type AuthEnv, createGuards as honoGuards } from '../../src/adapters/hono.js';
import type { GuardOptions, Guards } from '../../src/guards/create-guard-core.js';

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

export interface AdapterHarness {
  readonly name: string;
  start(options: GuardOptions<never>): Promise<RunningApp>;
}

/** The routes of every harness, each answering 200 {"sub": <the verified sub>} once its guards allow. */
function guardedRoutes<R, H>(
  g: Guards<R, H>,
  param: (request: R, name: string) => string | undefined,
): [string, H[]][] {
  const idFromPath = (request: R) => param(request, 'id');
  // The organization a route is about, from its path: a token must be for that one.
  const org = (request: R) => param(request, 'org');
  return [
    ['/me', [g.requireAuth()]],
    ['/fresh', [g.requireAuth({ checkRevocation: true })]],
    ['/orders', [g.requireScope('orders:read')]],
    [
      '/orders/admin',
      [g.requireAuth(), g.requireScope('orders:read', 'orders:write'), g.requireRole('admin')],
    ],
    ['/admin', [g.requireRole('admin', 'owner')]],
    ['/documents/:id', [g.requirePermission('viewer', 'document', idFromPath)]],
    ['/orgs/:org/settings', [g.requireRole('admin', { org })]],
    ['/orgs/:org/posts', [g.requireAuth(), g.requireTokenPermission('posts:read', 'posts:delete', { org })]],
    ['/posts', [g.requireTokenPermission('posts:read')]],
    // RFC 9470 step-up: two factors, and for payouts within the last five minutes.
    ['/billing', [g.requireAcr('urn:tessera:acr:mfa', 'phr')]],
    ['/billing/payouts', [g.requireAuth(), g.requireAcr('urn:tessera:acr:mfa', { maxAge: 300 })]],
  ];
}

export const ADAPTERS: readonly AdapterHarness[] = [
  {
    name: 'Express 5',
    async start(options) {
      const app = express();
      const ok = (req: express.Request, res: express.Response) => {
        res.json({ sub: req.auth?.sub });
      };
      const guards = expressGuards(options as never);
      for (const [path, handlers] of guardedRoutes(guards, (req, name) => req.params[name] as string)) {
        app.get(path, ...handlers, ok);
      }
      // The seed's example, as written.
      const { requireAuth, requireRole } = guards;
      app.delete('/admin/users/:id', requireAuth(), requireRole('admin'), ok);
      const server = await new Promise<import('node:http').Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      return running(server);
    },
  },
  {
    name: 'Fastify 5',
    async start(options) {
      const app = Fastify();
      const ok = async (request: import('fastify').FastifyRequest) => ({ sub: request.auth?.sub });
      const guards = fastifyGuards(options as never);
      const param = (request: import('fastify').FastifyRequest, name: string) =>
        (request.params as Record<string, string>)[name];
      for (const [path, handlers] of guardedRoutes(guards, param)) {
        app.get(path, { preHandler: handlers }, ok);
      }
      const { requireAuth, requireRole } = guards;
      app.delete('/admin/users/:id', { preHandler: [requireAuth(), requireRole('admin')] }, ok);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  },
  {
    name: 'Hono 4',
    async start(options) {
      const app = new Hono<AuthEnv>();
      const ok = (c: import('hono').Context<AuthEnv>) => c.json({ sub: c.get('auth').sub });
      const guards = honoGuards(options as never);
      for (const [path, handlers] of guardedRoutes(guards, (c, name) => c.req.param(name))) {
        // Hono types each handler position separately, so an array spreads only as a tuple.
        app.get(path, ...(handlers as [MiddlewareHandler<AuthEnv>]), ok);
      }
      const { requireAuth, requireRole } = guards;
      app.delete('/admin/users/:id', requireAuth(), requireRole('admin'), ok);
      const server = await new Promise<import('node:http').Server>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
          resolve(s as import('node:http').Server),
        );
      });
      return running(server);
    },
  },
];

function running(server: import('node:http').Server): RunningApp {
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
