// Serves the pages' static files: the one stylesheet, the favicon (also at /favicon.ico, where browsers look for it on
// pages that name none, JSON included), the passkey script and the @simplewebauthn/browser bundle it uses (from the
// installed package, so it is the version package-lock.json names and no CDN is involved).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { UI_PATHS } from './paths.js';

const asset = (file: string) => readFileSync(new URL(`../../assets/ui/${file}`, import.meta.url), 'utf8');

/** The package's browser bundle (UMD, defines `SimpleWebAuthnBrowser`); its `exports` name only the module entry. */
function webauthnBrowserBundle(): string {
  const entry = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  return readFileSync(join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js'), 'utf8');
}

const SCRIPT = 'text/javascript; charset=utf-8';
const ASSETS = [
  { paths: [UI_PATHS.stylesheet], type: 'text/css; charset=utf-8', body: asset('tessera.css') },
  { paths: [UI_PATHS.favicon, '/favicon.ico'], type: 'image/svg+xml', body: asset('favicon.svg') },
  { paths: [UI_PATHS.passkeysScript], type: SCRIPT, body: asset('passkeys.js') },
  { paths: [UI_PATHS.webauthnScript], type: SCRIPT, body: webauthnBrowserBundle() },
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
