// SignUpLinkStore over Kysely.
import type { Selectable } from 'kysely';
import type { LinkLimit } from '../accounts/password-reset-store.js';
import type { SignUpLink, SignUpLinkStore } from '../accounts/signup-link-store.js';
import type { SignupLinksTable, TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
import { sendWindow, takeFreeSlot } from './send-slots.js';

export class SqlSignUpLinkStore implements SignUpLinkStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async createWithinLimit(link: SignUpLink, limit: LinkLimit): Promise<boolean> {
    const window = sendWindow(link.createdAt, limit.windowSeconds);
    return takeFreeSlot(limit.max, (slot) =>
      this.#db
        .insertInto('signup_links')
        .values({
          token_hash: link.tokenHash,
          email: link.email,
          name: link.name ?? null,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
          used_at: null,
          send_window: window,
          send_slot: slot,
          return_to: link.returnTo ?? null,
        })
        .onConflict((oc) => oc.columns(['email', 'send_window', 'send_slot']).doNothing())
        .executeTakeFirst(),
    );
  }

  async findUsable(tokenHash: string, now: number): Promise<SignUpLink | undefined> {
    const row = await this.#db
      .selectFrom('signup_links')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && toLink(row);
  }

  async redeem(tokenHash: string, now: number): Promise<SignUpLink | undefined> {
    return inTransaction(this.#db, async (trx) => {
      // Only the writer that flips used_at gets the row back.
      const claimed = await trx
        .updateTable('signup_links')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      if (!claimed) return undefined;
      await trx
        .updateTable('signup_links')
        .set({ used_at: now })
        .where('email', '=', claimed.email)
        .where('used_at', 'is', null)
        .execute();
      return toLink(claimed);
    });
  }

  async purge(now: number): Promise<void> {
    await this.purgeExpired(now);
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db.deleteFrom('signup_links').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toLink(row: Selectable<SignupLinksTable>): SignUpLink {
  return {
    tokenHash: row.token_hash,
    email: row.email,
    name: row.name ?? undefined,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    returnTo: row.return_to ?? undefined,
  };
}
