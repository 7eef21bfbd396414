// DeviceAuthorizationStore over Kysely. Every state change is one conditional UPDATE: only the writer whose condition
// still holds sees its row change, so concurrent polls, decisions and redemptions cannot both win.
import { type Selectable, sql } from 'kysely';
import type {
  DeviceApproval,
  DeviceAuthorization,
  DeviceAuthorizationStore,
  PollPace,
} from '../oauth/device/device-authorization-store.js';
import type { DeviceAuthorizationsTable, TesseraDb } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

/** Expired rows are kept this long, so that a device polling a little late still reads expired_token. */
const EXPIRED_GRACE_SECONDS = 3600;

export class SqlDeviceAuthorizationStore implements DeviceAuthorizationStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(authorization: DeviceAuthorization): Promise<boolean> {
    try {
      await this.#db
        .insertInto('device_authorizations')
        .values({
          device_code_hash: authorization.deviceCodeHash,
          user_code_hash: authorization.userCodeHash,
          client_id: authorization.clientId,
          scope: authorization.scope.join(' '),
          organization: authorization.organization,
          created_at: authorization.createdAt,
          requested_from: authorization.requestedFrom,
          expires_at: authorization.expiresAt,
          poll_interval: authorization.interval,
          last_polled_at: authorization.lastPolledAt,
          status: authorization.status,
          ...approvalColumns(authorization.approval),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async findByDeviceCode(deviceCodeHash: string): Promise<DeviceAuthorization | undefined> {
    const row = await this.#db
      .selectFrom('device_authorizations')
      .selectAll()
      .where('device_code_hash', '=', deviceCodeHash)
      .executeTakeFirst();
    return row && toAuthorization(row);
  }

  async findByUserCode(userCodeHash: string): Promise<DeviceAuthorization | undefined> {
    const row = await this.#db
      .selectFrom('device_authorizations')
      .selectAll()
      .where('user_code_hash', '=', userCodeHash)
      .executeTakeFirst();
    return row && toAuthorization(row);
  }

  async recordPoll(deviceCodeHash: string, now: number, raiseBy: number): Promise<PollPace> {
    const onTime = await this.#db
      .updateTable('device_authorizations')
      .set({ last_polled_at: now })
      .where('device_code_hash', '=', deviceCodeHash)
      .where((eb) =>
        eb.or([
          eb('last_polled_at', 'is', null),
          eb('last_polled_at', '<=', sql<number>`${now} - poll_interval`),
        ]),
      )
      .executeTakeFirst();
    if (Number(onTime.numUpdatedRows) === 1) return { pace: 'on_time' };
    const raised = await this.#db
      .updateTable('device_authorizations')
      .set({ poll_interval: sql<number>`poll_interval + ${raiseBy}`, last_polled_at: now })
      .where('device_code_hash', '=', deviceCodeHash)
      .returning('poll_interval')
      .executeTakeFirst();
    return { pace: 'too_soon', interval: Number(raised?.poll_interval ?? 0) };
  }

  async decide(
    deviceCodeHash: string,
    decision: { status: 'approved'; approval: DeviceApproval } | { status: 'denied' },
    now: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('device_authorizations')
      .set({
        status: decision.status,
        ...(decision.status === 'approved' && approvalColumns(decision.approval)),
      })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async redeem(deviceCodeHash: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('device_authorizations')
      .set({ status: 'redeemed' })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async purge(now: number): Promise<void> {
    await this.#db
      .deleteFrom('device_authorizations')
      .where('expires_at', '<', now - EXPIRED_GRACE_SECONDS)
      .execute();
  }
}

function approvalColumns(approval: DeviceApproval | null) {
  return {
    user_id: approval?.userId ?? null,
    sid: approval?.sid ?? null,
    auth_time: approval?.authTime ?? null,
    amr: approval ? JSON.stringify(approval.amr) : null,
    organization_id: approval?.organizationId ?? null,
  };
}

function toAuthorization(row: Selectable<DeviceAuthorizationsTable>): DeviceAuthorization {
  return {
    deviceCodeHash: row.device_code_hash,
    userCodeHash: row.user_code_hash,
    clientId: row.client_id,
    scope: row.scope === '' ? [] : row.scope.split(' '),
    organization: row.organization,
    createdAt: Number(row.created_at),
    requestedFrom: row.requested_from,
    expiresAt: Number(row.expires_at),
    interval: Number(row.poll_interval),
    lastPolledAt: row.last_polled_at === null ? null : Number(row.last_polled_at),
    status: row.status,
    approval:
      row.user_id === null || row.sid === null || row.auth_time === null || row.amr === null
        ? null
        : {
            userId: row.user_id,
            sid: row.sid,
            authTime: Number(row.auth_time),
            amr: JSON.parse(row.amr) as string[],
            organizationId: row.organization_id,
          },
  };
}
