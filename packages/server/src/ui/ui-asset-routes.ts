// Serves the pages' static files: the one stylesheet and the favicon (also at /favicon.ico, where browsers look for
// it on pages that name none, JSON included).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { UI_PATHS } from './paths.js';

const asset = (file: string) => readFileSync(new URL(`../../assets/ui/${file}`, import.meta.url), 'utf8');

const ASSETS = [
  { paths: [UI_PATHS.stylesheet], type: 'text/css; charset=utf-8', body: asset('tessera.css') },
  { paths: [UI_PATHS.favicon, '/favicon.ico'], type: 'image/svg+xml', body: asset('favicon.svg') },
];

export function registerUiAssetRoutes(app: FastifyInstance): void {
  for (const { paths, type, body } of ASSETS) {
    for (const path of paths) {
      app.get(path, async (_request, reply) => {
        reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(body);
      });
    }
  }
}
