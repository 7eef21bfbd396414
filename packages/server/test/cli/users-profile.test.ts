import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { runCli } from '../support/run-cli.js';
import { createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Claims of the ID token itself, not about the person. */
const TOKEN_CLAIMS = [
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'sid',
  'at_hash',
  // Issue 12: the organization and role claims, which come from memberships, not from the profile.
  'org_id',
  'org_name',
  'roles',
  'permissions',
];

// Issue 9, item 7: every profile claim discovery lists can be set, and is filled in.
describe('tessera users: profile claims', () => {
  let tessera: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    tessera = await startTestServer();
    env = { TESSERA_DATA_DIR: tessera.dataDir, TESSERA_ISSUER: tessera.issuer };
  });
  afterAll(() => tessera.cleanup());

  async function signInWithProfileScope(email: string) {
    const browser = await signedInBrowser(tessera, email);
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId, {
      scope: 'openid profile email',
    });
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
    const userinfo = await fetch(`${tessera.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    return { idToken: decodeJwt(tokens.id_token), userinfo: await userinfo.json() };
  }

  it('users update sets the profile; the ID token and userinfo carry exactly the claims discovery lists', async () => {
    const created = await runCli(
      ['users', 'create', '--email', 'pat@example.com', '--password-stdin', '--name', 'Pat Doe', '--json'],
      env,
      PASSWORD,
    );
    expect(created.status).toBe(0);
    const updated = await runCli(
      [
        'users',
        'update',
        'pat@example.com',
        '--given-name',
        'Pat',
        '--family-name',
        'Doe',
        '--picture',
        'https://images.example.com/pat.png',
        '--locale',
        'en-gb',
        '--json',
      ],
      env,
    );
    expect(updated.stderr).toBe('');
    const profile = {
      name: 'Pat Doe',
      given_name: 'Pat',
      family_name: 'Doe',
      picture: 'https://images.example.com/pat.png',
      locale: 'en-GB',
    };
    expect(JSON.parse(updated.stdout)).toMatchObject(profile);

    const { idToken, userinfo } = await signInWithProfileScope('pat@example.com');
    const stored = await tessera.runtime.stores.users.findByEmail('pat@example.com');
    const expected = {
      sub: stored?.id,
      ...profile,
      updated_at: stored?.profileUpdatedAt,
      email: 'pat@example.com',
      email_verified: false,
    };
    expect(userinfo).toEqual(expected);
    expect(idToken).toMatchObject(expected);

    const metadata = await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json();
    const userClaims = (metadata.claims_supported as string[]).filter((c) => !TOKEN_CLAIMS.includes(c));
    expect(userClaims.sort()).toEqual(Object.keys(expected).sort());
  });

  it('an empty value removes a claim; the fields not given keep their values', async () => {
    const updated = await runCli(['users', 'update', 'pat@example.com', '--picture', '', '--json'], env);
    expect(JSON.parse(updated.stdout)).toMatchObject({ picture: null, given_name: 'Pat', locale: 'en-GB' });
    const { userinfo } = await signInWithProfileScope('pat@example.com');
    expect(userinfo).not.toHaveProperty('picture');
    expect(userinfo).toMatchObject({ given_name: 'Pat', family_name: 'Doe' });
  });

  it('create and update refuse a bad value with one line naming the flag, and change nothing', async () => {
    const refused = [
      [['--picture', 'http://images.example.com/pat.png'], '--picture'],
      [['--picture', 'javascript:alert(1)'], '--picture'],
      [['--locale', 'en_US'], '--locale'],
      [['--given-name', 'x'.repeat(201)], '--given-name'],
      [['--family-name', 'Doe\u0007'], '--family-name'],
    ] as const;
    const create = ['users', 'create', '--email', 'bad@example.com', '--no-password'];
    const runs = [
      ...refused.map(([flags, flag]) => [['users', 'update', 'pat@example.com', ...flags], flag] as const),
      [[...create, '--picture', 'http://images.example.com/pat.png'], '--picture'] as const,
      [[...create, '--locale', 'en_US'], '--locale'] as const,
    ];
    for (const [args, flag] of runs) {
      const result = await runCli([...args], env);
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`invalid_profile: ${flag} must be`);
    }
    const nothing = await runCli(['users', 'update', 'pat@example.com'], env);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('nothing_to_update');
    expect(await tessera.runtime.stores.users.findByEmail('bad@example.com')).toBeUndefined();
    expect(await tessera.runtime.stores.users.findByEmail('pat@example.com')).toMatchObject({
      givenName: 'Pat',
      familyName: 'Doe',
      locale: 'en-GB',
    });
  });
});
