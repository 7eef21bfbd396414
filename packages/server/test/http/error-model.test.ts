import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { InvalidEmailError } from '../../src/accounts/create-user.js';
import { UserNotFoundError } from '../../src/accounts/find-user.js';
import { PasswordPolicyError } from '../../src/accounts/password-policy.js';
import { PasswordResetError } from '../../src/accounts/password-reset.js';
import { ProfileError } from '../../src/accounts/profile-rules.js';
import { SignInError } from '../../src/accounts/sign-in-with-password.js';
import { SignUpLinkError } from '../../src/accounts/sign-up-by-email.js';
import { EmptyProfileUpdateError } from '../../src/accounts/update-profile.js';
import { UserExistsError } from '../../src/accounts/user.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { ConfigError } from '../../src/config/config-error.js';
import { WrongMasterKeyError } from '../../src/crypto/secret-box.js';
import { CsrfError } from '../../src/http/csrf.js';
import { type ApiErrorRenderer, createErrorHandler } from '../../src/http/error-handler.js';
import { RouteError } from '../../src/http/route-error.js';
import {
  AuthorizationPageError,
  AuthorizationRedirectError,
} from '../../src/oauth/authorization/authorization-errors.js';
import { ClientMetadataError } from '../../src/oauth/clients/register-client.js';
import { LogoutRequestError } from '../../src/oauth/logout/logout-request.js';
import { OAuthError } from '../../src/oauth/oauth-error.js';
import { oauthErrorRenderer } from '../../src/oauth/oauth-error-renderer.js';
import { DatabaseNotReadyError } from '../../src/store/database-not-ready.js';
import { TesseraError } from '../../src/tessera-error.js';
import { NoSigningKeysError } from '../../src/tokens/key-ring.js';
import { pageErrorCodes } from '../support/page-codes.js';

const ISSUER = 'https://id.example';

/** A domain rule broken where no route expected it: never shown as it is. */
class InternalRuleError extends TesseraError {
  readonly code = 'internal_rule';
  constructor() {
    super('a domain rule no response should reveal');
  }
}

/** OpenFGA's format, as that API will contribute it. */
const fgaRenderer: ApiErrorRenderer = { body: (error) => ({ code: error.code, message: error.message }) };

function appThrowing(error: Error) {
  const app = Fastify();
  app.setErrorHandler(
    createErrorHandler({
      issuer: ISSUER,
      defaultRenderer: oauthErrorRenderer,
      renderers: [{ pathPrefix: '/fga/', renderer: fgaRenderer }],
    }),
  );
  app.get('/oauth2/thing', async () => {
    throw error;
  });
  app.get('/fga/stores', async () => {
    throw error;
  });
  return app;
}

describe('one error model, rendered by one handler', () => {
  it('every error class carries a stable code and is a TesseraError', () => {
    const errors = [
      new OAuthError('invalid_grant', 'x'),
      new RouteError([]),
      new CsrfError(),
      new AuthorizationPageError('invalid_client', 'x'),
      new AuthorizationRedirectError('access_denied', 'x', 'https://app.example/cb', undefined),
      new LogoutRequestError('x'),
      new ClientMetadataError('x'),
      new ConfigError('TESSERA_PORT', 'a port', 'x'),
      new WrongMasterKeyError('TESSERA_MASTER_KEY'),
      new UsageError('password_choice_required', 'x'),
      new DatabaseNotReadyError('database_not_migrated', 'x'),
      new NoSigningKeysError(),
      new PasswordPolicyError('password_too_short'),
      new ProfileError('name', 'is too long'),
      new SignInError('invalid_credentials'),
      new PasswordResetError(),
      new SignUpLinkError(),
      new EmptyProfileUpdateError(),
      new UserExistsError(),
      new InvalidEmailError(),
      new UserNotFoundError('a@example.com'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(TesseraError);
      expect(error.code).toMatch(/^[A-Za-z_]+$/);
    }
    expect(new LogoutRequestError('x').code).toBe('invalid_request');
  });

  it('an error meant for no response is answered server_error (500), without its message', async () => {
    const app = appThrowing(new InternalRuleError());
    const answer = await app.inject({ method: 'GET', url: '/oauth2/thing' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({ error: 'server_error', error_description: 'unexpected server error' });
    expect(answer.body).not.toContain('domain rule');
    await app.close();
  });

  it("each API's routes get that API's format; every other route keeps OAuth's", async () => {
    const app = appThrowing(new OAuthError('invalid_request', 'bad tuple'));
    const fga = await app.inject({ method: 'GET', url: '/fga/stores' });
    expect(fga.statusCode).toBe(400);
    expect(fga.json()).toEqual({ code: 'invalid_request', message: 'bad tuple' });
    const oauth = await app.inject({ method: 'GET', url: '/oauth2/thing' });
    expect(oauth.json()).toEqual({ error: 'invalid_request', error_description: 'bad tuple' });
    expect(oauth.headers['cache-control']).toBe('no-store');
    await app.close();
  });

  it('a redirect error goes back to its redirect_uri with the code, state and iss (RFC 9207)', async () => {
    const app = appThrowing(
      new AuthorizationRedirectError(
        'access_denied',
        'the user denied the request',
        'https://app.example/cb',
        's-1',
      ),
    );
    const answer = await app.inject({ method: 'GET', url: '/oauth2/thing' });
    expect(answer.statusCode).toBe(303);
    const location = new URL(answer.headers.location as string);
    expect(location.origin + location.pathname).toBe('https://app.example/cb');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'the user denied the request',
      state: 's-1',
      iss: ISSUER,
    });
    await app.close();
  });

  it('a page error is the error page with its code, even for a client that asked for JSON', async () => {
    const app = appThrowing(new AuthorizationPageError('invalid_client', 'unknown client'));
    const answer = await app.inject({
      method: 'GET',
      url: '/oauth2/thing',
      headers: { accept: 'application/json' },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers.location).toBeUndefined();
    expect(pageErrorCodes(answer.body)).toEqual(['invalid_client']);
    await app.close();
  });
});
