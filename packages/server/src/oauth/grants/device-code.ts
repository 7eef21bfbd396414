// The device_code grant (RFC 8628 §3.4): the device polls with its device code until the person approves on the
// /device page (device/poll-device-authorization.ts), then gets the user's tokens once: an ID token for `openid`, a
// rotating refresh token for `offline_access` (issue-user-tokens.ts), under a grant of their own.
import { randomUUID } from 'node:crypto';
import { isLiveSignIn } from '../../accounts/live-account.js';
import type { SessionStore } from '../../accounts/session-store.js';
import type { UserStore } from '../../accounts/user.js';
import { epochSeconds } from '../../clock.js';
import { DEVICE_CODE_GRANT_TYPE } from '../clients/client.js';
import type { DeviceAuthorizationStore } from '../device/device-authorization-store.js';
import { pollDeviceAuthorization } from '../device/poll-device-authorization.js';
import { requireParam } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import { type GrantAccessReader, grantAccess } from './grant-access.js';
import type { GrantHandler } from './grant-handler.js';
import { issueUserTokens, type UserTokenDependencies } from './issue-user-tokens.js';
import { findLiveGrant } from './live-grant.js';

export interface DeviceCodeGrantDependencies extends UserTokenDependencies {
  users: UserStore;
  sessions: Pick<SessionStore, 'findBySid'>;
  rbac: GrantAccessReader;
  deviceAuthorizations: Pick<DeviceAuthorizationStore, 'findByDeviceCode' | 'recordPoll' | 'redeem'>;
}

export function deviceCodeGrant(deps: DeviceCodeGrantDependencies): GrantHandler {
  return {
    grantType: DEVICE_CODE_GRANT_TYPE,
    parameters: new Set(['device_code']),
    async handle(client, params) {
      const approved = await pollDeviceAuthorization(deps, client, requireParam(params, 'device_code'));
      const { approval } = approved;
      const now = epochSeconds(deps.clock);
      // As for authorization codes, the sign-in that approved must still be live: a sign-out, password change or
      // disabled account since the approval leaves the device without tokens.
      const session = await deps.sessions.findBySid(approval.sid);
      const approver = await deps.users.findById(approval.userId);
      if (!session || !isLiveSignIn(session, approver) || now >= session.expiresAt)
        throw new OAuthError('invalid_grant', 'the sign-in that approved the device has ended');
      const grantId = randomUUID();
      await deps.grants.openGrant({
        id: grantId,
        userId: approval.userId,
        clientId: client.id,
        sid: approval.sid,
        createdAt: now,
        revokedAt: null,
      });
      // The account must still be active, and a member of the organization approved for, when the tokens are issued.
      const { grant, user } = await findLiveGrant(deps, grantId);
      const access = await grantAccess(
        deps.rbac,
        { type: 'user', id: user.id },
        undefined,
        approval.organizationId,
      );
      return issueUserTokens(
        client,
        user,
        grant,
        approved.scope,
        { authTime: approval.authTime, amr: approval.amr, sid: approval.sid, nonce: null },
        access,
        deps,
      );
    },
  };
}
