// The person's answer on the /device confirmation page (RFC 8628 §3.3): Approve records who approved, with which
// sign-in and for which organization (and the consent, as the consent page would), Deny records the refusal; either
// only while the request is still pending and unexpired.
import type { Session } from '../../accounts/session-store.js';
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

/** Throws DeviceDecisionError: device_request_ended, access_denied (and the request is denied), organization_required. */
export async function decideDeviceRequest(
  deps: DecideDeviceRequestDependencies,
  request: DeviceRequest,
  session: Session,
  decision: 'approve' | 'deny',
): Promise<void> {
  const now = epochSeconds(deps.clock);
  const { authorization, client } = request;
  const { deviceCodeHash } = authorization;
  if (decision === 'deny') {
    if (!(await deps.stores.deviceAuthorizations.decide(deviceCodeHash, { status: 'denied' }, now)))
      throw ended();
    return;
  }
  // The organization is chosen as /authorize chooses it: the person must be a member of the one the device named.
  const choice = await chooseOrganizationFor(
    deps.rbac,
    { organization: authorization.organization ?? undefined, client },
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
      `${client.name} needs an organization and you are in several: start again on the device, naming the organization.`,
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
