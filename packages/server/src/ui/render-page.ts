// Renders the server-side pages with Eta (autoescaping on) and the headers every page carries.
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { VIEW_PATHS } from './paths.js';

const VIEWS_DIR = fileURLToPath(new URL('../../assets/views', import.meta.url));

// autoEscape: every <%= %> is HTML-escaped by Eta; <%~ %> is used only for the layout's already-rendered body.
const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true });

/**
 * Pages load only our stylesheet and our own script files (the passkey ceremonies, ui-asset-routes.ts), which talk
 * only to us: no inline scripts or styles (CSP without unsafe-inline), never framed (frame-ancestors 'none' plus
 * X-Frame-Options from security-headers.ts for old browsers).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

/** One view rendered to HTML, everything it prints escaped by Eta; `it.paths` holds the paths it links and posts to. */
export function renderView(view: string, data: Record<string, unknown>): string {
  return eta.render(view, { paths: VIEW_PATHS, ...data });
}

export function renderPage(
  reply: FastifyReply,
  view: string,
  data: Record<string, unknown>,
  status = 200,
): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      // Browsers send `Origin: null` on form posts from a no-referrer page, which the CSRF check must refuse;
      // same-origin keeps the real Origin on our own posts and still sends nothing to other sites.
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .send(renderView(view, data))
  );
}

export interface ErrorPage {
  title: string;
  message: string;
  code?: string;
}

export function renderErrorPage(reply: FastifyReply, page: ErrorPage, status = 400): FastifyReply {
  return renderPage(reply, 'error', { code: '', ...page }, status);
}
