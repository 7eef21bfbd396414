// A device's poll at the token endpoint (RFC 8628 §3.4-§3.5), as a straight sequence: the device code must be the
// polling client's and alive; while the person has not answered, authorization_pending, or slow_down for a poll that
// came sooner than the interval (which then stays 5 s longer); access_denied once denied; and once approved, the
// approval, exactly once.
import { type Clock, epochSeconds } from '../../clock.js';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { Client } from '../clients/client.js';
import { OAuthError } from '../oauth-error.js';
import type {
  DeviceApproval,
  DeviceAuthorization,
  DeviceAuthorizationStore,
} from './device-authorization-store.js';

/** RFC 8628 §3.5: on slow_down "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
export const SLOW_DOWN_SECONDS = 5;

export interface PollDeviceAuthorizationDependencies {
  clock: Clock;
  deviceAuthorizations: Pick<DeviceAuthorizationStore, 'findByDeviceCode' | 'recordPoll' | 'redeem'>;
}

/** The approved authorization, now redeemed: the caller issues its tokens. */
export async function pollDeviceAuthorization(
  deps: PollDeviceAuthorizationDependencies,
  client: Client,
  deviceCode: string,
): Promise<DeviceAuthorization & { approval: DeviceApproval }> {
  const now = epochSeconds(deps.clock);
  const deviceCodeHash = hashOpaqueSecret(deviceCode);
  const authorization = await deps.deviceAuthorizations.findByDeviceCode(deviceCodeHash);
  if (!authorization) throw new OAuthError('invalid_grant', 'the device code is invalid');
  // RFC 8628 §3.4 (RFC 6749 §5.2): a device code is good only for the client that asked for it.
  if (authorization.clientId !== client.id)
    throw new OAuthError('invalid_grant', 'the device code was issued to another client');
  if (authorization.status === 'redeemed')
    throw new OAuthError('invalid_grant', 'the device code was already used');
  if (now >= authorization.expiresAt) throw new OAuthError('expired_token', 'the device code has expired');
  if (authorization.status === 'denied') throw new OAuthError('access_denied', 'the user denied the request');

  if (authorization.status === 'pending') {
    const pace = await deps.deviceAuthorizations.recordPoll(deviceCodeHash, now, SLOW_DOWN_SECONDS);
    if (pace.pace === 'too_soon') {
      throw new OAuthError(
        'slow_down',
        `polling too often: wait at least ${pace.interval} seconds between requests from now on`,
      );
    }
    throw new OAuthError('authorization_pending', 'the user has not yet approved the request');
  }

  // Approved: of any number of concurrent polls exactly one redeems it.
  const approval = authorization.approval;
  if (!approval || !(await deps.deviceAuthorizations.redeem(deviceCodeHash)))
    throw new OAuthError('invalid_grant', 'the device code was already used');
  return { ...authorization, approval };
}
