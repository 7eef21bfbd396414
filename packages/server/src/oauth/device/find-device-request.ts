// The device request a person's user code names, for the /device page (RFC 8628 §3.3): every attempt is counted per
// network and per code before it is looked up (RFC 8628 §5.1: user codes have little entropy, so guessing is limited
// by rate), and a code that is unknown, expired, answered or used gets one and the same refusal.
import { type Clock, epochSeconds } from '../../clock.js';
import type { CounterStore } from '../../limits/counter-store.js';
import { countNetworkRequest, type RequestLimit } from '../../limits/network-request-limit.js';
import { countInWindow, type WindowLimit } from '../../limits/window-limit.js';
import type { Client, ClientStore } from '../clients/client.js';
import type { DeviceAuthorization, DeviceAuthorizationStore } from './device-authorization-store.js';
import { DeviceCodeEntryError } from './device-page-errors.js';
import { hashUserCode, normaliseUserCode } from './user-code.js';

/**
 * Per network: 20 codes per 15 minutes is plenty for people who mistype, and at that pace finding one of even a
 * thousand live codes among 20^8 takes centuries. Per code: 5 tries of one code per 15 minutes, from anywhere.
 */
export const DEVICE_CODE_NETWORK_LIMIT: RequestLimit = {
  kind: 'device-code',
  max: 20,
  windowSeconds: 15 * 60,
};
export const DEVICE_CODE_LIMIT: WindowLimit = { max: 5, windowSeconds: 15 * 60 };

export interface FindDeviceRequestDependencies {
  clock: Clock;
  rateLimits: CounterStore;
  deviceAuthorizations: Pick<DeviceAuthorizationStore, 'findByUserCode'>;
  clients: Pick<ClientStore, 'findById'>;
}

export interface DeviceRequest {
  authorization: DeviceAuthorization;
  client: Client;
}

/** Throws DeviceCodeEntryError: invalid_user_code, or too_many_attempts with the seconds to wait. */
export async function findDeviceRequest(
  deps: FindDeviceRequestDependencies,
  typed: string,
  clientAddress: string,
): Promise<DeviceRequest> {
  const now = epochSeconds(deps.clock);
  const byNetwork = await countNetworkRequest(deps.rateLimits, DEVICE_CODE_NETWORK_LIMIT, clientAddress, now);
  if (!byNetwork.allowed) throw new DeviceCodeEntryError('too_many_attempts', byNetwork.retryAfterSeconds);
  const userCode = normaliseUserCode(typed);
  if (userCode === undefined) throw new DeviceCodeEntryError('invalid_user_code');
  const userCodeHash = hashUserCode(userCode);
  // The counter is named by the code's hash: the counters hold no live code either.
  const byCode = await countInWindow(deps.rateLimits, DEVICE_CODE_LIMIT, `device-code:${userCodeHash}`, now);
  if (!byCode.allowed) throw new DeviceCodeEntryError('too_many_attempts', byCode.retryAfterSeconds);

  const authorization = await deps.deviceAuthorizations.findByUserCode(userCodeHash);
  const client = authorization && (await deps.clients.findById(authorization.clientId));
  if (!authorization || !client || authorization.status !== 'pending' || now >= authorization.expiresAt)
    throw new DeviceCodeEntryError('invalid_user_code');
  return { authorization, client };
}
