// The store contract that remembers which scopes a user granted to a client, and for which organizations.
/** One app a user has consented to. */
export interface Consent {
  clientId: string;
  scopes: string[];
  grantedAt: number;
}

export interface ConsentStore {
  /** The apps the user has consented to, most recent first. */
  listForUser(userId: string): Promise<Consent[]>;
  /** Forgets the user's consent to the client, its organizations too; returns false when there was none. */
  revoke(userId: string, clientId: string): Promise<boolean>;
  /** The scopes the user has granted the client, or an empty list. */
  grantedScopes(userId: string, clientId: string): Promise<string[]>;
  /** Whether the user has approved the client's tokens for the organization (by id). */
  approvedOrganization(userId: string, clientId: string, organizationId: string): Promise<boolean>;
  /** Forgets every approval of the organization (by id), for every user and client: it was deleted. */
  forgetOrganization(organizationId: string): Promise<void>;
  /** Adds to what was granted before: the scopes, and the organization (by id) unless null. */
  grant(
    userId: string,
    clientId: string,
    scopes: string[],
    now: number,
    organizationId?: string | null,
  ): Promise<void>;
}
