import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('security headers', () => {
  let tessera: TestServer;

  beforeAll(async () => {
    // An https issuer (served here over loopback http, as behind a TLS-terminating proxy).
    tessera = await startTestServer({ env: { TESSERA_ISSUER: 'https://id.example.com' } });
  });
  afterAll(() => tessera.cleanup());

  it('sends HSTS, nosniff, no framing and no referrer on API responses of an https issuer', async () => {
    const response = await tessera.server.app.inject({
      method: 'GET',
      url: '/.well-known/openid-configuration',
    });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('pages keep the Origin on their own form posts (Referrer-Policy: same-origin) and load only their own script files', async () => {
    const response = await tessera.server.app.inject({ method: 'GET', url: '/login' });
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'self'/);
    // The passkey ceremonies need a script: files served by Tessera only, never inline, never from elsewhere.
    expect(response.headers['content-security-policy']).toContain("script-src 'self';");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    const scripts = [...response.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => attributes)).toEqual([
      ' src="/ui/simplewebauthn-browser.js" defer',
      ' src="/ui/passkeys.js" defer',
    ]);
    expect(scripts.every(([, , body]) => body === '')).toBe(true);
  });
});
