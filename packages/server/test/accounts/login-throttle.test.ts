import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE } from '../../src/http/browser-cookies.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('login throttling (NIST SP 800-63B §5.2.2)', () => {
  let tessera: TestServer;
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    // Requests arrive "through a proxy" on 127.0.0.1, so X-Forwarded-For sets each test client's address.
    tessera = await startTestServer({ clock, env: { TESSERA_TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(() => tessera.cleanup());

  /** The CSRF cookie (and token: double submit, http/csrf.ts) of one sign-in page, for attempts from new browsers. */
  let pageCsrf: string | undefined;
  async function newBrowser(): Promise<FormBrowser> {
    if (pageCsrf === undefined) {
      const first = new FormBrowser(tessera.issuer);
      await first.follow('/login');
      pageCsrf = first.cookies.get(CSRF_COOKIE) ?? '';
    }
    const browser = new FormBrowser(tessera.issuer);
    browser.cookies.set(CSRF_COOKIE, pageCsrf);
    return browser;
  }

  /**
   * One sign-in post from `browser` (a new one, holding nothing but a sign-in page's CSRF cookie, unless given), as
   * the sign-in form sends it: the hundreds of attempts below cost one request each. A given browser without a CSRF
   * cookie gets one from the sign-in page first, as a person's would.
   */
  async function attempt(email: string, password: string, address: string, given?: FormBrowser) {
    const browser = given ?? (await newBrowser());
    if (!browser.cookies.has(CSRF_COOKIE)) await browser.follow('/login');
    const token = browser.cookies.get(CSRF_COOKIE) ?? '';
    return browser.request('/login', {
      form: { csrf_token: token, email, password, return_to: '/' },
      headers: { 'x-forwarded-for': address },
    });
  }

  it('a burst of concurrent wrong passwords cannot slip past the count', async () => {
    await createTestUser(tessera, 'burst@example.com');
    const statuses = (
      await Promise.all(
        Array.from({ length: 30 }, () => attempt('burst@example.com', 'wrong guess 1', '203.0.113.7')),
      )
    ).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(24);
  });

  it('an attacker failing from one address does not lock the real user out at another', async () => {
    await createTestUser(tessera, 'victim@example.com');
    for (let i = 0; i < 12; i++) await attempt('victim@example.com', 'wrong guess 2', '198.51.100.66');
    expect((await attempt('victim@example.com', 'wrong guess 2', '198.51.100.66')).status).toBe(429);
    const real = await attempt('victim@example.com', PASSWORD, '192.0.2.10');
    expect(real.status).toBe(303);
  });

  it('every wait is bounded: after the Retry-After period the right password works again', async () => {
    await createTestUser(tessera, 'patient@example.com');
    let last = await attempt('patient@example.com', 'wrong guess 3', '192.0.2.20');
    for (let i = 0; i < 8; i++) last = await attempt('patient@example.com', 'wrong guess 3', '192.0.2.20');
    expect(last.status).toBe(429);
    const wait = Number(last.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    clock.advanceSeconds(wait);
    expect((await attempt('patient@example.com', PASSWORD, '192.0.2.20')).status).toBe(303);
  });

  it('the lock-out message says the real wait, plural-correct, as Retry-After does', async () => {
    await createTestUser(tessera, 'waiting@example.com');
    const fail = () => attempt('waiting@example.com', 'wrong guess 11', '192.0.2.25');
    for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(401);
    // After the free failures the wait doubles: 1 s, 2 s, 4 s, … 64 s, then 128 s.
    const said: string[] = [];
    for (let round = 0; round < 8; round++) {
      const held = await fail();
      expect(held.status).toBe(429);
      expect(pageErrorCodes(held.body)).toEqual(['too_many_attempts']);
      const wait = Number(held.headers.get('retry-after'));
      said.push(`${wait}: ${/Try again (in [^.<]+)\./.exec(held.body)?.[1]}`);
      clock.advanceSeconds(wait);
      expect((await fail()).status).toBe(401);
    }
    expect(said).toEqual([
      '1: in 1 second',
      '2: in 2 seconds',
      '4: in 4 seconds',
      '8: in 8 seconds',
      '16: in 16 seconds',
      '32: in 32 seconds',
      '64: in 64 seconds',
      '128: in 3 minutes',
    ]);
  });

  it('an empty field is not a failed sign-in: however many, the right password still works', async () => {
    await createTestUser(tessera, 'hasty@example.com');
    for (let i = 0; i < 20; i++) {
      const empty = await attempt('hasty@example.com', '', '192.0.2.26');
      expect(empty.status).toBe(400);
      expect(pageErrorCodes(empty.body)).toEqual(['password_required']);
    }
    expect((await attempt('hasty@example.com', PASSWORD, '192.0.2.26')).status).toBe(303);
  });

  it('after 100 consecutive failures from many addresses the account allows one attempt per 15 minutes', async () => {
    await createTestUser(tessera, 'spread@example.com');
    for (let i = 0; i < 100; i++)
      await attempt('spread@example.com', 'wrong guess 4', `10.1.${Math.floor(i / 4)}.${i % 4}`);
    const blocked = await attempt('spread@example.com', PASSWORD, '192.0.2.30');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    clock.advanceSeconds(15 * 60);
    expect((await attempt('spread@example.com', PASSWORD, '192.0.2.30')).status).toBe(303);
  });

  it('guessing from everywhere cannot lock the real user out of a browser where they signed in before', async () => {
    await createTestUser(tessera, 'regular@example.com');
    await createTestUser(tessera, 'neighbour@example.com');
    const usual = new FormBrowser(tessera.issuer);
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.40', usual)).status).toBe(303);
    expect(usual.cookies.has('__Host-tessera-device')).toBe(true);
    const shared = new FormBrowser(tessera.issuer);
    expect((await attempt('neighbour@example.com', PASSWORD, '192.0.2.41', shared)).status).toBe(303);
    // 100 failures from 25 networks, then one more each time the account-wide wait ends.
    for (let i = 0; i < 100; i++)
      await attempt('regular@example.com', 'wrong guess 7', `10.7.${Math.floor(i / 4)}.${i % 4}`);
    clock.advanceSeconds(15 * 60);
    expect((await attempt('regular@example.com', 'wrong guess 7', '10.8.0.1')).status).toBe(401);
    // A browser that never signed in to this account waits; the user's own browser does not.
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.42')).status).toBe(429);
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.42', shared)).status).toBe(429);
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.42', usual)).status).toBe(303);
    // A damaged (forged) device cookie is no pass.
    const forged = new FormBrowser(tessera.issuer);
    const genuine = usual.cookies.get('__Host-tessera-device') ?? '';
    const flipped = genuine.endsWith('A') ? 'Q' : 'A'; // another authentication tag
    forged.cookies.set('__Host-tessera-device', `${genuine.slice(0, -1)}${flipped}`);
    for (let i = 0; i < 100; i++)
      await attempt('regular@example.com', 'wrong guess 8', `10.9.${Math.floor(i / 4)}.${i % 4}`);
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.43', forged)).status).toBe(429);
    // A trusted browser has a limit of its own: after ten failures it waits like everyone else.
    for (let i = 0; i < 10; i++)
      expect((await attempt('regular@example.com', 'wrong guess 9', `10.6.0.${i}`, usual)).status).toBe(401);
    expect((await attempt('regular@example.com', PASSWORD, '192.0.2.44', usual)).status).toBe(429);
  });

  it('a password change ends the trust of browsers where the account signed in before', async () => {
    const user = await createTestUser(tessera, 'changed@example.com');
    const usual = new FormBrowser(tessera.issuer);
    expect((await attempt('changed@example.com', PASSWORD, '192.0.2.50', usual)).status).toBe(303);
    const newPassword = 'tangerine harbour violet kite';
    const hash = await tessera.passwordHasher.hash(newPassword);
    await tessera.runtime.stores.users.setPassword(user.id, hash, Math.floor(clock.now() / 1000));
    for (let i = 0; i < 100; i++)
      await attempt('changed@example.com', 'wrong guess 10', `10.5.${Math.floor(i / 4)}.${i % 4}`);
    expect((await attempt('changed@example.com', newPassword, '192.0.2.51', usual)).status).toBe(429);
  });

  it('100 failures from one address within 15 minutes stop that address, whatever the accounts', async () => {
    for (let i = 0; i < 100; i++) await attempt(`nobody${i}@example.com`, 'wrong guess 5', '198.51.100.200');
    const stopped = await attempt('someone-else@example.com', 'wrong guess 5', '198.51.100.200');
    expect(stopped.status).toBe(429);
    const elsewhere = await attempt('someone-else@example.com', 'wrong guess 5', '198.51.100.201');
    expect(elsewhere.status).toBe(401);
  });

  it('counts IPv6 clients by /64 network, so rotating addresses inside one network does not reset the count', async () => {
    await createTestUser(tessera, 'v6-target@example.com');
    // Each guess from a different address of one /64, as a host holding the whole network can do.
    for (let i = 0; i < 12; i++)
      await attempt('v6-target@example.com', 'wrong guess 6', `2001:db8:aa:1:${(i + 1).toString(16)}::7`);
    const sameNetwork = await attempt('v6-target@example.com', 'wrong guess 6', '2001:db8:aa:1:ffff::1');
    expect(sameNetwork.status).toBe(429);
    // The real user on another network signs in.
    expect((await attempt('v6-target@example.com', PASSWORD, '2001:db8:bb:2::10')).status).toBe(303);
  });
});
