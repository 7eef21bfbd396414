import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../../src/accounts/password-hasher.js';
import { signInWithPassword } from '../../src/accounts/sign-in-with-password.js';
import { TrustedDevices } from '../../src/accounts/trusted-devices.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Status, visible body and headers of a failed sign-in, minus what differs on every response anyway. */
async function failedSignIn(tessera: TestServer, email: string, password: string) {
  const browser = new FormBrowser(tessera.issuer);
  const page = await browser.follow('/login');
  const response = await browser.submit(page, { email, password });
  const headers = Object.fromEntries(
    [...response.headers].filter(
      ([name]) => !['date', 'set-cookie', 'content-length', 'keep-alive'].includes(name),
    ),
  );
  const body = response.body
    .replace(/name="csrf_token" value="[^"]+"/, '')
    .replace(/value="[^"]*@[^"]*"/, '');
  return { status: response.status, headers, body };
}

describe('sign-in reveals nothing about which accounts exist', () => {
  let tessera: TestServer;
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    tessera = await startTestServer({ clock, env: { TESSERA_SIGNUP_ENABLED: 'true' } });
    await createTestUser(tessera);
  });
  afterAll(() => tessera.cleanup());

  it('an unknown account and a wrong password get the same status, body and headers', async () => {
    const unknown = await failedSignIn(tessera, 'nobody@example.com', 'some wrong password');
    const wrong = await failedSignIn(tessera, 'ann@example.com', 'some wrong password');
    expect(unknown.status).toBe(401);
    expect(wrong).toEqual(unknown);
    expect(wrong.body).toContain('Incorrect email or password.');
  });

  it('an unknown account costs the same argon2id verification as a wrong password (no timing gap)', async () => {
    const calls: string[] = [];
    const spy: PasswordHasher = {
      hash: async () => 'unused',
      needsRehash: () => false,
      verify: async () => {
        calls.push('argon2id-verify');
        return false;
      },
      verifyDummy: async () => {
        calls.push('argon2id-verify');
      },
    };
    const deps = {
      users: tessera.runtime.stores.users,
      throttle: tessera.runtime.stores.rateLimits,
      hasher: spy,
      clock,
      trustedDevices: new TrustedDevices(tessera.runtime.secretBox(), clock),
    };
    await expect(
      signInWithPassword(
        'ghost@example.com',
        'x1x1x1x1x1',
        { address: '10.0.0.1', deviceCookie: undefined },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    await expect(
      signInWithPassword(
        'ann@example.com',
        'x1x1x1x1x1',
        { address: '10.0.0.2', deviceCookie: undefined },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(calls).toEqual(['argon2id-verify', 'argon2id-verify']);
  });

  it('throttles repeated failures per account with 429 and Retry-After, then lets the real user in after the wait', async () => {
    await createTestUser(tessera, 'bob@example.com');
    let last = { status: 0, headers: {} as Record<string, string>, body: '' };
    for (let attempt = 0; attempt < 7; attempt++)
      last = await failedSignIn(tessera, 'bob@example.com', 'wrong password 1');
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.body).toContain('Too many attempts');

    // The same throttling applies to an account that does not exist: no enumeration through 429s either.
    let ghost = { status: 0 };
    for (let attempt = 0; attempt < 7; attempt++)
      ghost = await failedSignIn(tessera, 'ghost@example.com', 'wrong password 1');
    expect(ghost.status).toBe(429);

    clock.advanceSeconds(Number(last.headers['retry-after']) + 1);
    const browser = new FormBrowser(tessera.issuer);
    const signedIn = await browser.submit(await browser.follow('/login'), {
      email: 'bob@example.com',
      password: PASSWORD,
    });
    expect(signedIn.body).toContain('You are signed in');
  });

  it('sign-up answers the same for a new and an already registered email', async () => {
    const signUp = async (email: string) => {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow('/signup');
      return browser.request('/signup', {
        form: {
          csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          email,
          password: 'amber willow orbit',
          password_confirm: 'amber willow orbit',
          name: 'X',
        },
      });
    };
    const fresh = await signUp('new.person@example.com');
    const taken = await signUp('ann@example.com');
    expect(fresh.status).toBe(303);
    expect(taken.status).toBe(fresh.status);
    expect(taken.location).toBe(fresh.location);
    expect(await tessera.runtime.stores.users.findByEmail('new.person@example.com')).toBeDefined();
  });

  it('sign-up takes ten requests per network in 15 minutes, then answers 429 with Retry-After', async () => {
    const before = clock.now();
    // A fresh window for this test, so the sign-ups above do not count.
    clock.advanceSeconds(15 * 60 - (Math.floor(before / 1000) % (15 * 60)));
    const statuses: number[] = [];
    let last: Awaited<ReturnType<FormBrowser['request']>> | undefined;
    for (let i = 0; i < 11; i++) {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow('/signup');
      last = await browser.submit(page, {
        email: `crowd.${i}@example.com`,
        password: 'amber willow orbit',
        password_confirm: 'amber willow orbit',
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true); // followed to the sign-in page
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBe(15 * 60);
    expect(pageErrorCodes(last?.body ?? '')).toEqual(['too_many_requests']);
    expect(last?.body).toContain('Too many sign-ups from your network. Try again in 15 minutes.');
    expect(await tessera.runtime.stores.users.findByEmail('crowd.10@example.com')).toBeUndefined();
    clock.advanceSeconds(15 * 60);
  });

  it('the sign-up form shows every field error at once, keeping what was typed except the passwords', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow('/signup');
    const response = await browser.submit(page, {
      name: 'Zoë <Admin>',
      email: 'not-an-address',
      password: 'short',
      password_confirm: 'shorter',
    });
    expect(response.status).toBe(400);
    expect(pageErrorCodes(response.body)).toEqual([
      'invalid_email',
      'password_too_short',
      'passwords_differ',
    ]);
    expect(response.body).toContain('name="name" type="text" autocomplete="name" value="Zoë &lt;Admin&gt;"');
    expect(response.body).toContain('value="not-an-address"');
    expect(response.body).not.toMatch(/value="short(er)?"/);
    const empty = await browser.submit(response, { email: '', password: '', password_confirm: 'x' });
    expect(pageErrorCodes(empty.body)).toEqual(['email_required', 'password_too_short', 'passwords_differ']);
  });

  it('sign-up refuses a common password with a clear message', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow('/signup');
    const response = await browser.submit(page, {
      email: 'weak@example.com',
      password: 'password123',
      password_confirm: 'password123',
    });
    expect(response.status).toBe(400);
    expect(pageErrorCodes(response.body)).toEqual(['password_too_common']);
    expect(response.body).toContain('too common');
  });
});

describe('self sign-up is off by default', () => {
  it('shows a closed page', async () => {
    const tessera = await startTestServer();
    try {
      const response = await fetch(`${tessera.issuer}/signup`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('signup_disabled');
    } finally {
      await tessera.cleanup();
    }
  });
});
