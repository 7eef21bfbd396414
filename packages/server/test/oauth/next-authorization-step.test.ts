// The authorization endpoint's decision as a unit: sign in first, ask for consent, or issue the code; and what
// prompt=none and a bad id_token_hint answer instead.
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/accounts/session-store.js';
import type { User } from '../../src/accounts/user.js';
import type { Organization } from '../../src/authz/rbac/rbac-store.js';
import type { AuthorizationRequest } from '../../src/oauth/authorization/authorization-request.js';
import type { Prompt } from '../../src/oauth/authorization/checks/check-prompt.js';
import type { OrganizationChooser } from '../../src/oauth/authorization/choose-organization.js';
import {
  type CurrentSignIn,
  nextAuthorizationStep,
} from '../../src/oauth/authorization/next-authorization-step.js';
import type { Client } from '../../src/oauth/clients/client.js';
import type { KeyRing } from '../../src/tokens/key-ring.js';
import { TestClock } from '../support/test-clock.js';

const clock = new TestClock();
const now = Math.floor(clock.now() / 1000);
const client = { id: 'app', name: 'App', firstParty: false } as Client;
const signedIn: CurrentSignIn = {
  session: { sid: 's1', authTime: now - 600, amr: ['pwd'], secondFactorAt: null } as Session,
  user: { id: 'u1', email: 'ann@example.com' } as User,
};

function authorization(options: {
  prompt?: Prompt[];
  maxAge?: number;
  acrValues?: string[];
  idTokenHint?: string;
  client?: Client;
  organization?: string;
}) {
  return {
    client: options.client ?? client,
    redirectUri: 'https://app.example.com/cb',
    state: 'st',
    scopes: ['openid'],
    prompt: new Set(options.prompt ?? []),
    maxAge: options.maxAge,
    acrValues: options.acrValues,
    idTokenHint: options.idTokenHint,
    organization: options.organization,
  } as AuthorizationRequest;
}

const PWD = 'urn:tessera:acr:pwd';
const MFA = 'urn:tessera:acr:mfa';

const acme = { id: 'O1', name: 'acme', createdAt: 1 };
const globex = { id: 'O2', name: 'globex', createdAt: 1 };

function deps(
  granted: string[],
  memberOf: Organization[] = [acme, globex],
  approved: string[] = [acme.id, globex.id],
  withTotp = false,
) {
  return {
    issuer: 'https://issuer.example.com',
    // No test here verifies a hint signature: a malformed hint is refused before any key is looked at.
    keyRing: {} as KeyRing,
    clock,
    consents: {
      grantedScopes: async () => granted,
      approvedOrganization: async (_userId: string, _clientId: string, id: string) => approved.includes(id),
    },
    rbac: membershipsOf(memberOf),
    totpFactors: {
      findByUser: async (userId: string) =>
        withTotp
          ? { userId, sealedSecret: 'sealed', createdAt: 1, confirmedAt: 1, lastUsedStep: null }
          : undefined,
    },
  };
}

/** The user u1 is a member of `organizations`; no one else of any. */
function membershipsOf(organizations: Organization[]): OrganizationChooser {
  const all = [acme, globex];
  return {
    findOrganizationById: async (id) => all.find((o) => o.id === id),
    findOrganizationByName: async (name) => all.find((o) => o.name === name),
    organizationsOf: async (holder) => (holder.id === 'u1' ? organizations : []),
    accessOf: async (holder, id) =>
      holder.id === 'u1' && organizations.some((o) => o.id === id)
        ? { roles: ['viewer'], permissions: [] }
        : undefined,
  };
}

const refusal = (code: string) =>
  expect.objectContaining({ code, redirectUri: 'https://app.example.com/cb' });

describe('the next step of an authorization request', () => {
  it('issues the code for the organization named by id or name, and refuses one the user is not in', async () => {
    for (const organization of ['acme', 'O1']) {
      expect(
        await nextAuthorizationStep(deps(['openid']), authorization({ organization }), async () => signedIn),
      ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O1', acr: PWD });
    }
    for (const organization of ['acme', 'nope']) {
      await expect(
        nextAuthorizationStep(
          deps(['openid'], [globex]),
          authorization({ organization }),
          async () => signedIn,
        ),
      ).rejects.toEqual(refusal('access_denied'));
    }
  });

  it('for a client that requires an organization: the only one, a pick among several, or access_denied', async () => {
    const requiring = { ...client, organizations: 'required' as const };
    const request = authorization({ client: requiring });
    expect(await nextAuthorizationStep(deps(['openid']), request, async () => signedIn)).toEqual({
      step: 'choose_organization',
      signedIn,
      organizations: [acme, globex],
    });
    await expect(
      nextAuthorizationStep(
        deps(['openid']),
        authorization({ client: requiring, prompt: ['none'] }),
        async () => signedIn,
      ),
    ).rejects.toEqual(refusal('interaction_required'));
    expect(await nextAuthorizationStep(deps(['openid'], [globex]), request, async () => signedIn)).toEqual({
      step: 'issue_code',
      signedIn,
      organizationId: 'O2',
      acr: PWD,
    });
    await expect(nextAuthorizationStep(deps(['openid'], []), request, async () => signedIn)).rejects.toEqual(
      refusal('access_denied'),
    );
  });

  it('sends a browser that is not signed in, or asked to sign in again, to sign in first', async () => {
    expect(await nextAuthorizationStep(deps([]), authorization({}), async () => undefined)).toEqual({
      step: 'sign_in',
    });
    for (const request of [authorization({ prompt: ['login'] }), authorization({ maxAge: 600 })]) {
      expect(await nextAuthorizationStep(deps(['openid']), request, async () => signedIn)).toEqual({
        step: 'sign_in',
      });
    }
    expect(
      await nextAuthorizationStep(deps(['openid']), authorization({ maxAge: 601 }), async () => signedIn),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: null, acr: PWD });
  });

  it('asks for consent until the scopes are granted, and never for a first-party client', async () => {
    expect(await nextAuthorizationStep(deps([]), authorization({}), async () => signedIn)).toEqual({
      step: 'consent',
      signedIn,
    });
    expect(await nextAuthorizationStep(deps(['openid']), authorization({}), async () => signedIn)).toEqual({
      step: 'issue_code',
      signedIn,
      organizationId: null,
      acr: PWD,
    });
    const own = { ...client, firstParty: true };
    expect(
      await nextAuthorizationStep(deps([]), authorization({ client: own }), async () => signedIn),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: null, acr: PWD });
  });

  it('with prompt=none, answers login_required or consent_required to the client instead of asking', async () => {
    await expect(
      nextAuthorizationStep(deps([]), authorization({ prompt: ['none'] }), async () => undefined),
    ).rejects.toEqual(refusal('login_required'));
    await expect(
      nextAuthorizationStep(deps([]), authorization({ prompt: ['none'] }), async () => signedIn),
    ).rejects.toEqual(refusal('consent_required'));
  });

  it('asks for consent again for an organization not yet approved for the client (prompt=none: consent_required)', async () => {
    // The scopes were granted, and globex approved, but not acme: the consent page, for acme.
    const onlyGlobex = deps(['openid'], [acme, globex], [globex.id]);
    expect(
      await nextAuthorizationStep(onlyGlobex, authorization({ organization: 'acme' }), async () => signedIn),
    ).toEqual({ step: 'consent', signedIn, organizationId: 'O1' });
    await expect(
      nextAuthorizationStep(
        onlyGlobex,
        authorization({ organization: 'acme', prompt: ['none'] }),
        async () => signedIn,
      ),
    ).rejects.toEqual(refusal('consent_required'));
    expect(
      await nextAuthorizationStep(
        onlyGlobex,
        authorization({ organization: 'globex' }),
        async () => signedIn,
      ),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O2', acr: PWD });
    // A first-party client needs no approval.
    const own = { ...client, firstParty: true };
    expect(
      await nextAuthorizationStep(
        deps([], [acme, globex], []),
        authorization({ client: own, organization: 'acme' }),
        async () => signedIn,
      ),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O1', acr: PWD });
  });

  it('refuses a hint that is not an ID token of this issuer before reading the sign-in', async () => {
    let read = false;
    await expect(
      nextAuthorizationStep(deps(['openid']), authorization({ idTokenHint: 'not-a-jwt' }), async () => {
        read = true;
        return signedIn;
      }),
    ).rejects.toEqual(refusal('invalid_request'));
    expect(read).toBe(false);
  });

  describe('the authentication level (acr_values, RFC 9470 §4)', () => {
    const stepUp = (over: Partial<Session>): CurrentSignIn => ({
      ...signedIn,
      session: { ...signedIn.session, ...over } as Session,
    });
    const twoFactors = stepUp({ amr: ['pwd', 'otp', 'mfa'], secondFactorAt: now - 120 });

    it('a password sign-in asked for two factors steps up with TOTP, or sets it up without it', async () => {
      const request = authorization({ acrValues: [MFA] });
      expect(
        await nextAuthorizationStep(deps(['openid'], [], [], true), request, async () => signedIn),
      ).toEqual({ step: 'second_factor', signedIn });
      expect(await nextAuthorizationStep(deps(['openid'], []), request, async () => signedIn)).toEqual({
        step: 'enrol_second_factor',
        signedIn,
      });
      await expect(
        nextAuthorizationStep(
          deps(['openid'], [], [], true),
          authorization({ acrValues: [MFA], prompt: ['none'] }),
          async () => signedIn,
        ),
      ).rejects.toEqual(refusal('interaction_required'));
    });

    it('issues the first value asked for that the sign-in meets, and the strongest without acr_values', async () => {
      expect(
        await nextAuthorizationStep(
          deps(['openid'], []),
          authorization({ acrValues: [MFA] }),
          async () => twoFactors,
        ),
      ).toEqual({ step: 'issue_code', signedIn: twoFactors, organizationId: null, acr: MFA });
      expect(
        await nextAuthorizationStep(
          deps(['openid'], []),
          authorization({ acrValues: ['phr', PWD, MFA] }),
          async () => twoFactors,
        ),
      ).toMatchObject({ step: 'issue_code', acr: PWD });
      expect(
        await nextAuthorizationStep(deps(['openid'], []), authorization({}), async () => twoFactors),
      ).toMatchObject({ step: 'issue_code', acr: MFA });
    });

    it('two factors count only while max_age allows: an old elevation signs in again', async () => {
      // Signed in 600 s ago with a password, stepped up 120 s ago.
      const request = (maxAge: number) => authorization({ acrValues: [MFA], maxAge });
      expect(
        await nextAuthorizationStep(deps(['openid'], [], [], true), request(700), async () => twoFactors),
      ).toMatchObject({ step: 'issue_code', acr: MFA });
      const elevatedLongAgo = stepUp({
        amr: ['pwd', 'otp', 'mfa'],
        secondFactorAt: now - 500,
        authTime: now - 500,
      });
      expect(
        await nextAuthorizationStep(
          deps(['openid'], [], [], true),
          request(400),
          async () => elevatedLongAgo,
        ),
      ).toEqual({ step: 'sign_in' });
    });

    it('a client that requires MFA gets two factors whatever it asks for', async () => {
      const requiring = { ...client, firstParty: true, requireMfa: true };
      for (const acrValues of [undefined, [PWD]]) {
        expect(
          await nextAuthorizationStep(
            deps([], [], [], true),
            authorization({ client: requiring, acrValues }),
            async () => signedIn,
          ),
        ).toEqual({ step: 'second_factor', signedIn });
        expect(
          await nextAuthorizationStep(
            deps([], [], [], true),
            authorization({ client: requiring, acrValues }),
            async () => twoFactors,
          ),
        ).toMatchObject({ step: 'issue_code', acr: MFA });
      }
    });

    it('answers unmet_authentication_requirements when only an unknown or passkey level is asked for', async () => {
      for (const acrValues of [['phr'], ['phrh', 'urn:example:gold'], ['0']]) {
        await expect(
          nextAuthorizationStep(
            deps(['openid'], [], [], true),
            authorization({ acrValues }),
            async () => twoFactors,
          ),
        ).rejects.toEqual(refusal('unmet_authentication_requirements'));
      }
    });
  });
});
