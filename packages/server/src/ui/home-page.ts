// The root page: tells a person whether they are signed in, and offers sign-out (which asks to confirm, with CSRF).
import type { FastifyInstance } from 'fastify';
import { type BrowserSessionDependencies, currentSignIn } from '../http/browser-session.js';
import { renderPage } from './render-page.js';

export function registerHomePage(app: FastifyInstance, deps: BrowserSessionDependencies): void {
  app.get('/', async (request, reply) => {
    const signedIn = await currentSignIn(request, deps);
    return renderPage(reply, 'home', {
      signedIn: signedIn !== undefined,
      title: signedIn ? 'You are signed in' : 'Tessera',
      message: signedIn
        ? `Signed in as ${signedIn.user.email}. You can close this page.`
        : 'This is a Tessera sign-in service. Applications send you here to sign in.',
    });
  });
}
