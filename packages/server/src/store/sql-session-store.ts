// SessionStore over Kysely.

import type { Selectable } from 'kysely';
import { SESSION_IDLE_SECONDS } from '../accounts/session-manager.js';
import type { Session, SessionStore } from '../accounts/session-store.js';
import type { SessionsTable, TesseraDb } from './database.js';

export class SqlSessionStore implements SessionStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(session: Session): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({
        id_hash: session.idHash,
        sid: session.sid,
        user_id: session.userId,
        auth_time: session.authTime,
        amr: JSON.stringify(session.amr),
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
        credentials_version: session.credentialsVersion,
        second_factor_at: session.secondFactorAt,
        user_agent: session.userAgent,
        ip_address: session.ipAddress,
      })
      .execute();
  }

  async findByIdHash(idHash: string): Promise<Session | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  async findBySid(sid: string): Promise<Session | undefined> {
    const row = await this.#db.selectFrom('sessions').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  async touch(idHash: string, now: number): Promise<void> {
    await this.#db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  async listForUser(userId: string): Promise<Session[]> {
    const rows = await this.#db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('last_seen_at', 'desc')
      .orderBy('sid')
      .execute();
    return rows.map(toSession);
  }

  async recordSecondFactor(idHash: string, amr: string[], at: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('sessions')
      .set({ amr: JSON.stringify(amr), second_factor_at: at })
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Sessions past their absolute end, or idle for longer than sessions may be (session-manager.ts). */
  async purge(now: number): Promise<void> {
    await this.purgeExpired(now, now - SESSION_IDLE_SECONDS);
  }

  async purgeExpired(now: number, idleBefore: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async endAllForUser(userId: string): Promise<number> {
    const result = await this.#db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async end(idHash: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    idHash: row.id_hash,
    sid: row.sid,
    userId: row.user_id,
    authTime: Number(row.auth_time),
    amr: JSON.parse(row.amr),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    credentialsVersion: Number(row.credentials_version),
    secondFactorAt: row.second_factor_at === null ? null : Number(row.second_factor_at),
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
  };
}
