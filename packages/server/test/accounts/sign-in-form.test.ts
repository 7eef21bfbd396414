import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser } from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the sign-in form', () => {
  let tessera: TestServer;

  beforeAll(async () => {
    tessera = await startTestServer();
    await createTestUser(tessera);
  });
  afterAll(() => tessera.cleanup());

  const submit = async (fields: { email: string; password: string }) => {
    const browser = new FormBrowser(tessera.issuer);
    return browser.submit(await browser.follow('/login'), fields);
  };

  it('an empty form says that the email and the password are missing, not that they are wrong', async () => {
    const empty = await submit({ email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(pageErrorCodes(empty.body)).toEqual(['email_required', 'password_required']);
    expect(empty.body).toContain('aria-describedby="email-error" aria-invalid="true"');
  });

  it('an email without a password asks for the password and keeps the email', async () => {
    const noPassword = await submit({ email: 'ann@example.com', password: '' });
    expect(noPassword.status).toBe(400);
    expect(pageErrorCodes(noPassword.body)).toEqual(['password_required']);
    expect(noPassword.body).toContain('value="ann@example.com"');
  });

  it('a wrong password still carries invalid_credentials', async () => {
    const wrong = await submit({ email: 'ann@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(pageErrorCodes(wrong.body)).toEqual(['invalid_credentials']);
  });
});
