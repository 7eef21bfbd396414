// PasskeyChallengeStore over Kysely: DELETE … RETURNING takes a challenge in one statement, so it is used once.
import type { PasskeyChallenge, PasskeyChallengeStore } from '../accounts/mfa/passkey-store.js';
import type { TesseraDb } from './database.js';

export class SqlPasskeyChallengeStore implements PasskeyChallengeStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async save(challenge: PasskeyChallenge): Promise<void> {
    await this.#db
      .insertInto('passkey_challenges')
      .values({
        challenge_hash: challenge.challengeHash,
        ceremony: challenge.ceremony,
        user_id: challenge.userId,
        binding: challenge.binding,
        expires_at: challenge.expiresAt,
      })
      .execute();
  }

  async take(challengeHash: string, now: number): Promise<PasskeyChallenge | undefined> {
    const row = await this.#db
      .deleteFrom('passkey_challenges')
      .where('challenge_hash', '=', challengeHash)
      .returningAll()
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return undefined;
    return {
      challengeHash: row.challenge_hash,
      ceremony: row.ceremony,
      userId: row.user_id,
      binding: row.binding,
      expiresAt: Number(row.expires_at),
    };
  }

  async purge(now: number): Promise<void> {
    await this.#db.deleteFrom('passkey_challenges').where('expires_at', '<=', now).execute();
  }
}
