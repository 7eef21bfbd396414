// InvitationStore over Kysely.
import type { Selectable } from 'kysely';
import type { Invitation, InvitationStore } from '../authz/rbac/invitation-store.js';
import type { KeysetPage } from '../authz/rbac/list-page.js';
import type { OrganizationInvitationsTable, TesseraDb } from './database.js';

/** How long an invitation is kept after it expired, so that its administrator still sees what became of it. */
export const INVITATION_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export class SqlInvitationStore implements InvitationStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(invitation: Invitation): Promise<void> {
    await this.#db
      .insertInto('organization_invitations')
      .values({
        id: invitation.id,
        organization_id: invitation.organizationId,
        email: invitation.email,
        roles: JSON.stringify(invitation.roles),
        role_ids: JSON.stringify(invitation.roleIds),
        token_hash: invitation.tokenHash,
        created_at: invitation.createdAt,
        expires_at: invitation.expiresAt,
        accepted_at: invitation.acceptedAt,
        accepted_by: invitation.acceptedBy,
        revoked_at: invitation.revokedAt,
      })
      .execute();
  }

  async findById(id: string): Promise<Invitation | undefined> {
    const row = await this.#db
      .selectFrom('organization_invitations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toInvitation(row);
  }

  async findUsable(tokenHash: string, now: number): Promise<Invitation | undefined> {
    const row = await this.#db
      .selectFrom('organization_invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && toInvitation(row);
  }

  async listForOrganization(organizationId: string, page?: KeysetPage<string>): Promise<Invitation[]> {
    let query = this.#db
      .selectFrom('organization_invitations')
      .selectAll()
      .where('organization_id', '=', organizationId);
    if (page?.after !== undefined) query = query.where('id', '<', page.after);
    if (page) query = query.limit(page.limit);
    const rows = await query.orderBy('id', 'desc').execute();
    return rows.map(toInvitation);
  }

  async accept(tokenHash: string, userId: string, now: number): Promise<Invitation | undefined> {
    // Only the writer that sets accepted_at gets the row back.
    const row = await this.#db
      .updateTable('organization_invitations')
      .set({ accepted_at: now, accepted_by: userId })
      .where('token_hash', '=', tokenHash)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row && toInvitation(row);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('organization_invitations')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokePending(
    organizationId: string,
    email: string,
    now: number,
    olderThan?: string,
  ): Promise<number> {
    let update = this.#db
      .updateTable('organization_invitations')
      .set({ revoked_at: now })
      .where('organization_id', '=', organizationId)
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now);
    if (olderThan !== undefined) update = update.where('id', '<', olderThan);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async forgetOrganization(organizationId: string): Promise<void> {
    await this.#db
      .deleteFrom('organization_invitations')
      .where('organization_id', '=', organizationId)
      .execute();
  }

  async purge(now: number): Promise<void> {
    await this.#db
      .deleteFrom('organization_invitations')
      .where('expires_at', '<', now - INVITATION_RETENTION_SECONDS)
      .execute();
  }
}

function toInvitation(row: Selectable<OrganizationInvitationsTable>): Invitation {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    roles: JSON.parse(row.roles) as string[],
    roleIds: JSON.parse(row.role_ids) as string[],
    tokenHash: row.token_hash,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    acceptedAt: row.accepted_at === null ? null : Number(row.accepted_at),
    acceptedBy: row.accepted_by,
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
