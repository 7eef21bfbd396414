// The person's answer on the /device confirmation page (RFC 8628 §3.3): Approve records who approved, with which
// sign-in and for which organization (and the consent, as the consent page would), Deny records the refusal; either
// only while the request is still pending and unexpired.
import type { Session } from '../../accounts/session-store.js';
import type { Organization } from '../../authz/rbac/rbac-store.js';
import { type Clock, epochSeconds } from '../../clock.js';
import type { Stores } from '../../store/stores.js';
import type { UnitOfWork } from '../../unit-of-work.js';
import { chooseOrganizationFor, type OrganizationChooser } from '../authorization/choose-organization.js';
import { DeviceDecisionError } from './device-page-errors.js';
import type { DeviceRequest } from './find-device-request.js';

export interface DecideDeviceRequestDependencies {
  clock: Clock;
  rbac: OrganizationChooser;
  stores: UnitOfWork<Pick<Stores, 'deviceAuthorizations' | 'consents'>> &
    Pick<Stores, 'deviceAuthorizations'>;
}

const ended = () =>
  new DeviceDecisionError(
    'device_request_ended',
    'This request was already answered or has expired. Start again on your device.',
  );

/**
 * The organizations the person picks from on the confirmation page: those they are in, when the application needs an
 * organization, the device named none and they are in several; else none (nothing to pick).
 */
export async function organizationsToPick(
  deps: Pick<DecideDeviceRequestDependencies, 'rbac'>,
  request: DeviceRequest,
  userId: string,
): Promise<Organization[]> {
  if (request.authorization.organization !== null || request.client.organizations !== 'required') return [];
  const organizations = await deps.rbac.organizationsOf({ type: 'user', id: userId });
  return organizations.length > 1 ? organizations : [];
}

/**
 * `picked`: the organization (id) the person chose on the page among organizationsToPick; read only when the device
 * named none, and checked as a named one is (the person must be a member). Throws DeviceDecisionError:
 * device_request_ended, access_denied (and the request is denied), organization_required (none picked).
 */
export async function decideDeviceRequest(
  deps: DecideDeviceRequestDependencies,
  request: DeviceRequest,
  session: Session,
  decision: 'approve' | 'deny',
  picked?: string,
): Promise<void> {
  const now = epochSeconds(deps.clock);
  const { authorization, client } = request;
  const { deviceCodeHash } = authorization;
  if (decision === 'deny') {
    if (!(await deps.stores.deviceAuthorizations.decide(deviceCodeHash, { status: 'denied' }, now)))
      throw ended();
    return;
  }
  // The organization is chosen as /authorize chooses it: the person must be a member of the one the device named, or
  // of the one they picked on the page.
  const pickable = authorization.organization === null && client.organizations === 'required';
  const choice = await chooseOrganizationFor(
    deps.rbac,
    { organization: authorization.organization ?? ((pickable && picked) || undefined), client },
    session.userId,
    (description) => new DeviceDecisionError('access_denied', description),
  ).catch(async (error: unknown) => {
    if (error instanceof DeviceDecisionError)
      await deps.stores.deviceAuthorizations.decide(deviceCodeHash, { status: 'denied' }, now);
    throw error;
  });
  if (choice.kind === 'pick') {
    throw new DeviceDecisionError(
      'organization_required',
      `${client.name} needs an organization and you are in several: choose one.`,
    );
  }
  await deps.stores.transaction(async (stores) => {
    const approval = {
      userId: session.userId,
      sid: session.sid,
      authTime: session.authTime,
      amr: session.amr,
      organizationId: choice.organizationId,
    };
    if (!(await stores.deviceAuthorizations.decide(deviceCodeHash, { status: 'approved', approval }, now)))
      throw ended();
    await stores.consents.grant(session.userId, client.id, authorization.scope, now, choice.organizationId);
  });
}
