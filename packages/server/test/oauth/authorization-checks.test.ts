// The authorization checks as units: each gets only a parameter reader, the verified client and a way to fail.
import { describe, expect, it } from 'vitest';
import { AuthorizationPageError } from '../../src/oauth/authorization/authorization-errors.js';
import type { VerifiedRequestContext } from '../../src/oauth/authorization/checks/authorization-check.js';
import { checkMaxAge } from '../../src/oauth/authorization/checks/check-max-age.js';
import { checkPkce } from '../../src/oauth/authorization/checks/check-pkce.js';
import { checkPrompt } from '../../src/oauth/authorization/checks/check-prompt.js';
import { checkScope } from '../../src/oauth/authorization/checks/check-scope.js';
import { readParams } from '../../src/oauth/authorization/checks/read-params.js';
import type { Client } from '../../src/oauth/clients/client.js';

class Refused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function context(query: string): VerifiedRequestContext {
  return {
    param: readParams(new URLSearchParams(query)),
    client: { scopes: ['read'] } as Client,
    fail: (code) => new Refused(code),
  };
}

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('authorization checks', () => {
  it('check-scope keeps each scope once and refuses one the client may not ask for', () => {
    expect(checkScope(context('scope=openid read openid'))).toEqual(['openid', 'read']);
    expect(() => checkScope(context('scope=openid write'))).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
  });

  it('check-pkce requires an S256 challenge of the right shape (RFC 7636 §4.2)', () => {
    expect(checkPkce(context(`code_challenge=${CHALLENGE}&code_challenge_method=S256`))).toBe(CHALLENGE);
    for (const query of [
      'code_challenge_method=S256',
      `code_challenge=${CHALLENGE}&code_challenge_method=plain`,
      'code_challenge=short&code_challenge_method=S256',
    ]) {
      expect(() => checkPkce(context(query))).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
  });

  it('check-prompt accepts the values Tessera acts on, none alone; check-max-age wants a number', () => {
    expect([...checkPrompt(context('prompt=login consent'))]).toEqual(['login', 'consent']);
    expect(() => checkPrompt(context('prompt=none login'))).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => checkPrompt(context('prompt=select_account'))).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(checkMaxAge(context('max_age=0'))).toBe(0);
    expect(checkMaxAge(context(''))).toBeUndefined();
    expect(() => checkMaxAge(context('max_age=-1'))).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });

  it('a repeated parameter is refused on the page, whichever check reads it (RFC 6749 §3.1)', () => {
    expect(() => checkScope(context('scope=openid&scope=read'))).toThrow(AuthorizationPageError);
  });
});
