// Serves the one stylesheet the pages use.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const STYLESHEET = readFileSync(new URL('../../assets/ui/tessera.css', import.meta.url), 'utf8');

export function registerStylesheetRoute(app: FastifyInstance): void {
  app.get('/ui/tessera.css', async (_request, reply) => {
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(STYLESHEET);
  });
}
