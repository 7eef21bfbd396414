// Starts a device authorization (RFC 8628 §3.1-§3.2): a device code for the device to poll with and a user code for
// the person to enter at <issuer>/device, both stored only as hashes, alive for 10 minutes.
import { type Clock, epochSeconds } from '../../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { DeviceAuthorizationStore } from './device-authorization-store.js';
import type { DeviceAuthorizationRequest } from './read-device-authorization-request.js';
import { formatUserCode, generateUserCode, hashUserCode } from './user-code.js';

/** RFC 8628 §3.2: expires_in and interval; 10 minutes and the RFC's default of 5 seconds. */
export const DEVICE_CODE_TTL_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** The path of the page where the person enters the user code. */
export const DEVICE_VERIFICATION_PATH = '/device';

/** A fresh user code collides with a live one about once in 20^8 / (live codes); a few tries always suffice. */
const USER_CODE_ATTEMPTS = 5;

export interface StartDeviceAuthorizationDependencies {
  issuer: string;
  clock: Clock;
  deviceAuthorizations: Pick<DeviceAuthorizationStore, 'create'>;
  /** The interval devices start with; DEVICE_POLL_INTERVAL_SECONDS unless given (tests that run real clients). */
  pollIntervalSeconds?: number | undefined;
}

/** RFC 8628 §3.2 device authorization response. */
export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export async function startDeviceAuthorization(
  deps: StartDeviceAuthorizationDependencies,
  request: DeviceAuthorizationRequest,
  /** The network address the device asked from, shown to the person who approves (RFC 8628 §5.4). */
  requestedFrom: string,
): Promise<DeviceAuthorizationResponse> {
  const now = epochSeconds(deps.clock);
  const interval = deps.pollIntervalSeconds ?? DEVICE_POLL_INTERVAL_SECONDS;
  const deviceCode = generateOpaqueSecret();
  for (let attempt = 1; ; attempt++) {
    const userCode = generateUserCode();
    const created = await deps.deviceAuthorizations.create({
      deviceCodeHash: hashOpaqueSecret(deviceCode),
      userCodeHash: hashUserCode(userCode),
      clientId: request.client.id,
      scope: request.scopes,
      organization: request.organization ?? null,
      createdAt: now,
      requestedFrom,
      expiresAt: now + DEVICE_CODE_TTL_SECONDS,
      interval,
      lastPolledAt: null,
      status: 'pending',
      approval: null,
    });
    // Only the user code can collide (the device code has 256 bits): draw another.
    if (!created) {
      if (attempt < USER_CODE_ATTEMPTS) continue;
      throw new Error('no free user code after several attempts');
    }
    const verificationUri = `${deps.issuer}${DEVICE_VERIFICATION_PATH}`;
    const shown = formatUserCode(userCode);
    return {
      device_code: deviceCode,
      user_code: shown,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?${new URLSearchParams({ user_code: shown })}`,
      expires_in: DEVICE_CODE_TTL_SECONDS,
      interval,
    };
  }
}
