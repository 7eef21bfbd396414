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
  session: { sid: 's1', authTime: now - 600 } as Session,
  user: { id: 'u1', email: 'ann@example.com' } as User,
};

function authorization(options: {
  prompt?: Prompt[];
  maxAge?: number;
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
    idTokenHint: options.idTokenHint,
    organization: options.organization,
  } as AuthorizationRequest;
}

const acme = { id: 'O1', name: 'acme', createdAt: 1 };
const globex = { id: 'O2', name: 'globex', createdAt: 1 };

function deps(
  granted: string[],
  memberOf: Organization[] = [acme, globex],
  approved: string[] = [acme.id, globex.id],
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
      ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O1' });
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
    ).toEqual({ step: 'issue_code', signedIn, organizationId: null });
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
    });
    const own = { ...client, firstParty: true };
    expect(
      await nextAuthorizationStep(deps([]), authorization({ client: own }), async () => signedIn),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: null });
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
    ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O2' });
    // A first-party client needs no approval.
    const own = { ...client, firstParty: true };
    expect(
      await nextAuthorizationStep(
        deps([], [acme, globex], []),
        authorization({ client: own, organization: 'acme' }),
        async () => signedIn,
      ),
    ).toEqual({ step: 'issue_code', signedIn, organizationId: 'O1' });
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
});
