// The store contract for device authorizations (RFC 8628): one row per flow, found by the hash of its device code
// (the device's polls) or of its user code (the person's browser), moving pending -> approved | denied -> redeemed.
import type { Purgeable } from '../../purgeable.js';

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

/** Who approved, and the sign-in they approved with: what the tokens (and the ID token) are issued from. */
export interface DeviceApproval {
  userId: string;
  sid: string;
  authTime: number;
  amr: string[];
  /** The organization (by id) the tokens are for; null for none. */
  organizationId: string | null;
}

export interface DeviceAuthorization {
  deviceCodeHash: string;
  userCodeHash: string;
  clientId: string;
  scope: string[];
  /** The organization (id or name) the device asked for, as sent; checked against the person at approval. */
  organization: string | null;
  /** When, and from which network address, the device asked (shown on the confirmation page, RFC 8628 §5.4). */
  createdAt: number;
  requestedFrom: string;
  expiresAt: number;
  /** Seconds the device must wait between polls; raised by 5 on each slow_down and kept (RFC 8628 §3.5). */
  interval: number;
  lastPolledAt: number | null;
  status: DeviceAuthorizationStatus;
  /** Set once approved. */
  approval: DeviceApproval | null;
}

/** What a poll's pacing found: on time (now recorded as the last poll), or too soon (interval raised to this). */
export type PollPace = { pace: 'on_time' } | { pace: 'too_soon'; interval: number };

export interface DeviceAuthorizationStore extends Purgeable {
  /** Stores a new authorization; false, storing nothing, when its user code is already in use. */
  create(authorization: DeviceAuthorization): Promise<boolean>;
  findByDeviceCode(deviceCodeHash: string): Promise<DeviceAuthorization | undefined>;
  findByUserCode(userCodeHash: string): Promise<DeviceAuthorization | undefined>;
  /**
   * Records a poll at `now`, atomically: on time when no poll came before or the last came at least `interval`
   * seconds ago; else too soon, and the interval is raised by `raiseBy` and the poll recorded, so that a device that
   * then waits the new interval is on time. Of concurrent polls at most one is on time.
   */
  recordPoll(deviceCodeHash: string, now: number, raiseBy: number): Promise<PollPace>;
  /**
   * Approves (with `approval`) or denies a pending authorization that has not expired at `now`; false, changing
   * nothing, when it is no longer pending or has expired (of concurrent decisions exactly one is taken).
   */
  decide(
    deviceCodeHash: string,
    decision: { status: 'approved'; approval: DeviceApproval } | { status: 'denied' },
    now: number,
  ): Promise<boolean>;
  /** Marks an approved authorization redeemed; exactly one of any number of concurrent calls gets true. */
  redeem(deviceCodeHash: string): Promise<boolean>;
  /** Deletes authorizations that expired before `now` (an hour's grace, so late polls still read expired_token). */
  purge(now: number): Promise<void>;
}
