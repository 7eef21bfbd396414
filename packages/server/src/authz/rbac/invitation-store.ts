// Invitations to join an organization and their store contract. Only each emailed link's SHA-256 is kept; a link
// works once, until it expires or an administrator revokes it. Implementation: store/sql-invitation-store.ts.
import type { Purgeable } from '../../purgeable.js';
import type { KeysetPage } from './list-page.js';

export interface Invitation {
  /** A ULID, shown to administrators (to revoke it); never the link's secret. */
  id: string;
  organizationId: string;
  /** Normalized (lower-case): only the account with this email can accept. */
  email: string;
  /** The names of the roles the invitee will hold (the organization's own or the catalogue's) as sent; at least one. */
  roles: string[];
  /** Those roles' ids: what acceptance gives, so that a role made later under the same name is not given instead. */
  roleIds: string[];
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  /** The id of the account that accepted. */
  acceptedBy: string | null;
  revokedAt: number | null;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** What became of an invitation at `now`. */
export function invitationStatus(invitation: Invitation, now: number): InvitationStatus {
  if (invitation.acceptedAt !== null) return 'accepted';
  if (invitation.revokedAt !== null) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

export interface InvitationStore extends Purgeable {
  create(invitation: Invitation): Promise<void>;
  findById(id: string): Promise<Invitation | undefined>;
  /** The invitation whose link hashes to `tokenHash`, while it can be accepted (pending at `now`). */
  findUsable(tokenHash: string, now: number): Promise<Invitation | undefined>;
  /**
   * The organization's invitations, newest first (by id), whatever became of them (until purged); a page of them from
   * just after (older than) the id `page.after`.
   */
  listForOrganization(organizationId: string, page?: KeysetPage<string>): Promise<Invitation[]>;
  /**
   * Marks the invitation accepted by `userId` if it is still pending at `now`, and returns it; undefined when it was
   * not. Exactly one of any number of concurrent calls for one link gets it.
   */
  accept(tokenHash: string, userId: string, now: number): Promise<Invitation | undefined>;
  /** Revokes the invitation if it is pending; false when it was not. */
  revoke(id: string, now: number): Promise<boolean>;
  /**
   * Revokes the pending invitations of the organization to the email; with `olderThan`, only those sent before the
   * invitation with that id (ids are ULIDs: they sort by time). Returns how many.
   */
  revokePending(organizationId: string, email: string, now: number, olderThan?: string): Promise<number>;
  /** Deletes the organization's invitations (a deleted organization). */
  forgetOrganization(organizationId: string): Promise<void>;
}
