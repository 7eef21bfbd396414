// The same small API built on Express, Fastify and Hono, each guarded by its @tessera/verify adapter and
// served over real HTTP on 127.0.0.1. The shared guard suite runs against every entry of ADAPTERS.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { createGuards as expressGuards } from '../../src/adapters/express.js';
import { createGuards as fastifyGuards } from '../../src/adapters/fastify.js';
import { type AuthEnv, createGuards as honoGuards } from '../../src/adapters/hono.js';
import type { GuardOptions } from '../../src/guards/create-guard-core.js';

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

export interface AdapterHarness {
  readonly name: string;
  start(options: GuardOptions<never>): Promise<RunningApp>;
}

/**
 * Routes of every harness:
 *   GET /me                 requireAuth()
 *   GET /fresh              requireAuth({ checkRevocation: true })
 *   GET /orders             requireScope('orders:read')
 *   GET /orders/admin       requireAuth(), requireScope('orders:read', 'orders:write'), requireRole('admin')
 *   GET /admin              requireRole('admin', 'owner')
 *   GET /documents/:id      requirePermission('viewer', 'document', id from the path)
 * Each answers 200 {"sub": <the verified sub>}.
 */
export const ADAPTERS: readonly AdapterHarness[] = [
  {
    name: 'Express 5',
    async start(options) {
      const g = expressGuards(options as never);
      const app = express();
      const ok = (req: express.Request, res: express.Response) => {
        res.json({ sub: req.auth?.sub });
      };
      app.get('/me', g.requireAuth(), ok);
      app.get('/fresh', g.requireAuth({ checkRevocation: true }), ok);
      app.get('/orders', g.requireScope('orders:read'), ok);
      app.get(
        '/orders/admin',
        g.requireAuth(),
        g.requireScope('orders:read', 'orders:write'),
        g.requireRole('admin'),
        ok,
      );
      app.get('/admin', g.requireRole('admin', 'owner'), ok);
      app.get(
        '/documents/:id',
        g.requirePermission('viewer', 'document', (req) => req.params.id as string),
        ok,
      );
      const server = await new Promise<import('node:http').Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      return running(server);
    },
  },
  {
    name: 'Fastify 5',
    async start(options) {
      const g = fastifyGuards(options as never);
      const app = Fastify();
      const ok = async (request: import('fastify').FastifyRequest) => ({ sub: request.auth?.sub });
      app.get('/me', { preHandler: g.requireAuth() }, ok);
      app.get('/fresh', { preHandler: g.requireAuth({ checkRevocation: true }) }, ok);
      app.get('/orders', { preHandler: g.requireScope('orders:read') }, ok);
      app.get(
        '/orders/admin',
        {
          preHandler: [
            g.requireAuth(),
            g.requireScope('orders:read', 'orders:write'),
            g.requireRole('admin'),
          ],
        },
        ok,
      );
      app.get('/admin', { preHandler: g.requireRole('admin', 'owner') }, ok);
      app.get(
        '/documents/:id',
        {
          preHandler: g.requirePermission(
            'viewer',
            'document',
            (request) => (request.params as { id: string }).id,
          ),
        },
        ok,
      );
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    },
  },
  {
    name: 'Hono 4',
    async start(options) {
      const g = honoGuards(options as never);
      const app = new Hono<AuthEnv>();
      const ok = (c: import('hono').Context<AuthEnv>) => c.json({ sub: c.get('auth').sub });
      app.get('/me', g.requireAuth(), ok);
      app.get('/fresh', g.requireAuth({ checkRevocation: true }), ok);
      app.get('/orders', g.requireScope('orders:read'), ok);
      app.get(
        '/orders/admin',
        g.requireAuth(),
        g.requireScope('orders:read', 'orders:write'),
        g.requireRole('admin'),
        ok,
      );
      app.get('/admin', g.requireRole('admin', 'owner'), ok);
      app.get(
        '/documents/:id',
        g.requirePermission('viewer', 'document', (c) => c.req.param('id')),
        ok,
      );
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
