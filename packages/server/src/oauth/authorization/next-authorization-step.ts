// What an authorization request needs next, once it is read (authorization-request.ts): a (new) sign-in, the user's
// consent, or nothing more, so the code can be issued (OIDC Core §3.1.2.1-§3.1.2.4). With prompt=none, a step that
// would need the user is refused back to the client instead. Once signed in, the organization is chosen
// (choose-organization.ts): a person in several may have to pick one first. A sign-in weaker than the request's
// acr_values or the client's --require-mfa needs asks for the second factor (a step-up), or for setting one up.
import {
  ACR_MFA,
  acceptableAcrValues,
  acrValuesMet,
  chooseAcr,
} from '../../accounts/authentication-context.js';
import { confirmedTotpFactor } from '../../accounts/mfa/sign-in-with-second-factor.js';
import type { TotpFactorStore } from '../../accounts/mfa/totp-factor-store.js';
import type { Session } from '../../accounts/session-store.js';
import type { User } from '../../accounts/user.js';
import type { Organization } from '../../authz/rbac/rbac-store.js';
import { epochSeconds } from '../../clock.js';
import { type IdTokenHintDependencies, readIdTokenHint } from '../../tokens/read-id-token-hint.js';
import type { ConsentStore } from '../consent-store.js';
import { needsConsent } from '../consents/needs-consent.js';
import { AuthorizationRedirectError } from './authorization-errors.js';
import type { AuthorizationRequest } from './authorization-request.js';
import { chooseOrganization, type OrganizationChooser } from './choose-organization.js';
import { isSignInTooOld } from './sign-in-age.js';

export interface AuthorizationStepDependencies extends IdTokenHintDependencies {
  consents: Pick<ConsentStore, 'grantedScopes' | 'approvedOrganization'>;
  rbac: OrganizationChooser;
  /** Whether the person has a second factor to step up with. */
  totpFactors: Pick<TotpFactorStore, 'findByUser'>;
}

/** The browser's current sign-in, if any (http/browser-session.ts reads it). */
export interface CurrentSignIn {
  session: Session;
  user: User;
}

/**
 * `sign_in`: to the sign-in page first; `second_factor`: the second factor in this session first (a step-up);
 * `enrol_second_factor`: setting TOTP up first; `choose_organization`: the user picks one of these first; `consent`: the
 * consent page first, for the organization (absent: none); `issue_code`: back to the client, with tokens for the
 * organization (null: none) at the authentication level `acr`.
 */
export type AuthorizationStep =
  | { step: 'sign_in' }
  | { step: 'second_factor'; signedIn: CurrentSignIn }
  | { step: 'enrol_second_factor'; signedIn: CurrentSignIn }
  | { step: 'choose_organization'; signedIn: CurrentSignIn; organizations: Organization[] }
  | { step: 'consent'; signedIn: CurrentSignIn; organizationId?: string }
  | { step: 'issue_code'; signedIn: CurrentSignIn; organizationId: string | null; acr: string };

/**
 * Decides the request's next step. Throws AuthorizationRedirectError: invalid_request for an id_token_hint that is not
 * an ID token this issuer gave this client, unmet_authentication_requirements when no sign-in Tessera offers meets
 * acr_values, and with prompt=none login_required, interaction_required or consent_required. The sign-in is read
 * (`currentSignIn`) only once the hint is checked.
 */
export async function nextAuthorizationStep(
  deps: AuthorizationStepDependencies,
  authorization: AuthorizationRequest,
  currentSignIn: () => Promise<CurrentSignIn | undefined>,
): Promise<AuthorizationStep> {
  const { client, prompt, redirectUri, state } = authorization;
  const refuse = (code: string, description: string): never => {
    throw new AuthorizationRedirectError(code, description, redirectUri, state);
  };

  // OIDC Core §3.1.2.1: the hint must be an ID token this issuer gave this client. One that is not is an invalid
  // parameter value, invalid_request (§3.1.2.6), whatever the prompt, as in node-oidc-provider: login_required
  // would tell the client that signing in could help, and ignoring it would answer for someone it did not name.
  const hinted =
    authorization.idTokenHint === undefined
      ? undefined
      : await readIdTokenHint(authorization.idTokenHint, deps);
  if (authorization.idTokenHint !== undefined && hinted?.aud !== client.id) {
    return refuse('invalid_request', 'id_token_hint is not an ID token this issuer gave this client');
  }

  const signedIn = await currentSignIn();
  const now = epochSeconds(deps.clock);
  const signInNeeded = (s: CurrentSignIn | undefined): string | undefined => {
    if (!s) return 'the user is not signed in';
    if (prompt.has('login')) return 'prompt=login asks for a new sign-in';
    if (authorization.maxAge !== undefined && isSignInTooOld(s.session.authTime, now, authorization.maxAge))
      return 'the sign-in is older than max_age';
    // §3.1.2.1: a positive answer only for the user the hint names; anyone else must sign in as them.
    if (hinted !== undefined && hinted.sub !== s.user.id)
      return 'the signed-in user is not the one id_token_hint names';
    return undefined;
  };
  const whySignIn = signInNeeded(signedIn);
  if (!signedIn || whySignIn !== undefined) {
    if (prompt.has('none')) return refuse('login_required', whySignIn ?? 'the user is not signed in');
    return { step: 'sign_in' };
  }

  // RFC 9470 §4 / OIDC Core §3.1.2.1: the level asked for (or the client's policy) decides; a second factor is the
  // one step-up Tessera offers, so a request only a passkey could meet is refused (OpenID Connect Core errata 2,
  // unmet_authentication_requirements) rather than answered with a weaker sign-in.
  const acceptable = acceptableAcrValues(authorization.acrValues, client.requireMfa);
  const acr = chooseAcr(acrValuesMet(signedIn.session, now, authorization.maxAge), acceptable);
  if (acr === undefined) {
    if (!acceptable.includes(ACR_MFA))
      return refuse('unmet_authentication_requirements', 'no sign-in this server offers meets acr_values');
    if (prompt.has('none')) return refuse('interaction_required', 'the user must use a second factor');
    const factor = await confirmedTotpFactor({ stores: { totpFactors: deps.totpFactors } }, signedIn.user);
    return factor ? { step: 'second_factor', signedIn } : { step: 'enrol_second_factor', signedIn };
  }

  const choice = await chooseOrganization(deps.rbac, authorization, signedIn.user.id);
  if (choice.kind === 'pick') {
    if (prompt.has('none')) return refuse('interaction_required', 'the user must pick an organization');
    return { step: 'choose_organization', signedIn, organizations: choice.organizations };
  }

  // Consent is per organization too: a client never gets a user's tokens for an organization the user has not
  // approved for it, so naming another one asks again (with prompt=none, consent_required).
  if (await needsConsent(deps.consents, signedIn.user.id, authorization, choice.organizationId)) {
    if (prompt.has('none')) return refuse('consent_required', 'the user has not consented');
    const { organizationId } = choice;
    return organizationId === null
      ? { step: 'consent', signedIn }
      : { step: 'consent', signedIn, organizationId };
  }
  return { step: 'issue_code', signedIn, organizationId: choice.organizationId, acr };
}
