// UserStore over Kysely.
import { type Selectable, sql } from 'kysely';
import {
  normalizeEmail,
  type User,
  UserExistsError,
  type UserProfile,
  type UserStore,
} from '../accounts/user.js';
import type { TesseraDb, UsersTable } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

export class SqlUserStore implements UserStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(user: User): Promise<void> {
    try {
      await this.#db
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email,
          email_normalized: normalizeEmail(user.email),
          email_verified: user.emailVerified ? 1 : 0,
          password_hash: user.passwordHash,
          name: user.name,
          given_name: user.givenName,
          family_name: user.familyName,
          picture: user.picture,
          locale: user.locale,
          disabled_at: user.disabledAt,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
          profile_updated_at: user.profileUpdatedAt,
          credentials_version: user.credentialsVersion,
        })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new UserExistsError();
      throw error;
    }
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('email_normalized', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async list(): Promise<User[]> {
    const rows = await this.#db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async setPassword(
    id: string,
    passwordHash: string,
    now: number,
    options: { emailVerified?: boolean } = {},
  ): Promise<boolean> {
    const verified = options.emailVerified
      ? {
          email_verified: 1,
          // email_verified is a claim: when it changes, so does the profile's update time.
          profile_updated_at: sql<number>`case when email_verified = 1 then profile_updated_at else ${now} end`,
        }
      : {};
    const result = await this.#db
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        ...verified,
        updated_at: now,
        credentials_version: raisedCredentialsVersion,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async rehashPassword(id: string, currentHash: string, newHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('users')
      .set({ password_hash: newHash, updated_at: now })
      .where('id', '=', id)
      .where('password_hash', '=', currentHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async disable(id: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('users')
      .set({ disabled_at: now, updated_at: now, credentials_version: raisedCredentialsVersion })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async updateProfile(id: string, profile: Partial<UserProfile>, now: number): Promise<boolean> {
    const columns = {
      name: profile.name,
      given_name: profile.givenName,
      family_name: profile.familyName,
      picture: profile.picture,
      locale: profile.locale,
    };
    const result = await this.#db
      .updateTable('users')
      // Kysely leaves out the columns whose value is undefined: the fields not given keep their values.
      .set({ ...columns, updated_at: now, profile_updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    emailVerified: Number(row.email_verified) === 1,
    passwordHash: row.password_hash,
    name: row.name,
    givenName: row.given_name,
    familyName: row.family_name,
    picture: row.picture,
    locale: row.locale,
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    profileUpdatedAt: Number(row.profile_updated_at),
    credentialsVersion: Number(row.credentials_version),
  };
}

/** `credentials_version + 1`, computed by the database so concurrent raises are never lost. */
const raisedCredentialsVersion = sql<number>`credentials_version + 1`;
