import { describe, expect, it } from 'vitest';
import { declaredParameters, type GrantHandler } from '../../src/oauth/grants/grant-handler.js';
import { GrantRegistry } from '../../src/oauth/grants/grant-registry.js';

const grant = (grantType: GrantHandler['grantType'], parameters: string[]): GrantHandler => ({
  grantType,
  parameters: new Set(parameters),
  handle: async () => ({ access_token: 'at', token_type: 'Bearer', expires_in: 60 }),
});

describe('grant parameters (RFC 6749 §3.2)', () => {
  it('a grant is handed only the parameters it declares', () => {
    const params = new Map([
      ['grant_type', 'refresh_token'],
      ['refresh_token', 'rt'],
      ['scope', 'read'],
      ['code', 'from another grant'],
      ['client_secret', 'never for the grant'],
    ]);
    const handed = declaredParameters(grant('refresh_token', ['refresh_token', 'scope']), params);
    expect([...handed]).toEqual([
      ['refresh_token', 'rt'],
      ['scope', 'read'],
    ]);
  });

  it('the registry lists the grant types it handles and refuses others', () => {
    const registry = new GrantRegistry([grant('client_credentials', ['scope']), grant('refresh_token', [])]);
    expect(registry.grantTypes()).toEqual(['client_credentials', 'refresh_token']);
    expect(() => registry.get('password')).toThrow(
      expect.objectContaining({ code: 'unsupported_grant_type' }),
    );
  });
});
