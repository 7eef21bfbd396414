// Invitations by email: an administrator invites an address to an organization with roles; the emailed link (a
// 256-bit secret, only its hash kept, single use, expiring) lets the owner of that mailbox join, signing in to their
// account or creating one on the spot. The roles are resolved again when the invitation is accepted, and accepting
// is one transaction (the invitation used up, the account if new, the membership), so nothing is half-applied.
import type { Logger } from 'pino';
import { monotonicFactory } from 'ulid';
import { InvalidEmailError, prepareUser } from '../../accounts/create-user.js';
import type { PasswordHasher } from '../../accounts/password-hasher.js';
import { countSignUp } from '../../accounts/sign-up-by-email.js';
import {
  isDeliverableEmail,
  normalizeEmail,
  type User,
  UserExistsError,
  type UserStore,
} from '../../accounts/user.js';
import { type Clock, epochSeconds } from '../../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret, hasOpaqueSecretShape } from '../../crypto/opaque-secret.js';
import type { CounterStore } from '../../limits/counter-store.js';
import type { Mailer } from '../../mail/mailer.js';
import { TesseraError } from '../../tessera-error.js';
import type { Transactional } from '../../unit-of-work.js';
import { findOrganization } from './find-organization.js';
import { findAssignableRoles } from './find-role.js';
import {
  type Invitation,
  type InvitationStatus,
  type InvitationStore,
  invitationStatus,
} from './invitation-store.js';
import { isKeyString, listPage, type PageRequest } from './list-page.js';
import { RbacConflictError, RbacNotFoundError } from './rbac-errors.js';
import type { Organization, RbacStore } from './rbac-store.js';

/** The page an invitation's link opens (ui/invitation-page.ts). */
export const INVITATION_LINK_PATH = '/invitations/accept';
/** How long an invitation works unless the administrator says otherwise, and the longest they may say. */
export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 30;
const DAY_SECONDS = 24 * 60 * 60;
/** Ids that sort in the order invitations are made, even within one millisecond: the later one replaces. */
const nextInvitationId = monotonicFactory();

export type InvitationErrorCode =
  /** Invitations are sent by email, and TESSERA_SMTP_URL is not set (409). */
  | 'mail_not_configured'
  /** The mail server did not take the invitation's email; nothing was kept (502). */
  | 'invitation_not_sent'
  /** A lifetime outside 1 to 30 whole days (400). */
  | 'invalid_expiry'
  /** No invitation with that id in that organization (404). */
  | 'invitation_not_found'
  /** Revoking an invitation that was accepted, revoked or has expired (409). */
  | 'invitation_not_pending'
  /** The link expired, was used or revoked, or was never sent (400). */
  | 'invalid_invitation'
  /** The signed-in account's email is not the invited one (403). */
  | 'invitation_for_another_account'
  /** Creating an account for an email that has one: its owner signs in to accept (409). */
  | 'account_exists'
  /** Too many accounts made from the network: the sign-up limit applies here too (429, Retry-After). */
  | 'too_many_requests';

const STATUS: Record<InvitationErrorCode, number> = {
  mail_not_configured: 409,
  invitation_not_sent: 502,
  invalid_expiry: 400,
  invitation_not_found: 404,
  invitation_not_pending: 409,
  invalid_invitation: 400,
  invitation_for_another_account: 403,
  account_exists: 409,
  too_many_requests: 429,
};

export class InvitationError extends TesseraError {
  constructor(
    readonly code: InvitationErrorCode,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message, { status: STATUS[code], ...options });
    this.name = 'InvitationError';
  }
}

export interface InvitationStoreSet {
  rbac: RbacStore;
  users: UserStore;
  invitations: InvitationStore;
}

export type InvitationDependencies = Transactional<InvitationStoreSet> & { clock: Clock };

/** What sending needs besides the stores: the mail server (undefined when not configured) and where links point. */
export interface InvitationMail {
  issuer: string;
  mailer: Mailer | undefined;
  logger: Logger;
}

export interface NewInvitation {
  /** The organization's id or name. */
  organization: string;
  email: string;
  /** Role names, the organization's own or the catalogue's; at least one. */
  roles: readonly string[];
  /** Whole days the link works: 1 to 30, 7 unless given. */
  expiresInDays?: number;
}

/** An invitation as administrators see it: never its link or the link's hash. */
export interface ListedInvitation {
  id: string;
  email: string;
  roles: string[];
  status: InvitationStatus;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  acceptedBy: string | null;
}

export interface SentInvitation {
  organization: Organization;
  invitation: ListedInvitation;
  /** How many earlier pending invitations of the address to the organization this one replaced (revoked). */
  replaced: number;
}

/**
 * Invites `email` to the organization with the roles and emails the link. An earlier pending invitation of the same
 * address there is revoked, so only the newest link works. Refuses an address whose account is a member already,
 * unknown organizations and roles, a bad email or lifetime, and works only with mail configured; when the mail server
 * does not take the email, the invitation is revoked again (invitation_not_sent).
 */
export async function inviteToOrganization(
  deps: InvitationDependencies & InvitationMail,
  request: NewInvitation,
): Promise<SentInvitation> {
  const { mailer } = deps;
  if (!mailer) {
    throw new InvitationError(
      'mail_not_configured',
      'invitations are sent by email: set TESSERA_SMTP_URL (and TESSERA_MAIL_FROM) first',
    );
  }
  const email = request.email.trim();
  if (!isDeliverableEmail(email)) throw new InvalidEmailError();
  if (request.roles.length === 0) {
    throw new RbacConflictError('role_required', 'an invitation gives at least one role; name one or more');
  }
  const days = request.expiresInDays ?? INVITATION_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > INVITATION_MAX_DAYS) {
    throw new InvitationError(
      'invalid_expiry',
      `an invitation works for 1 to ${INVITATION_MAX_DAYS} whole days, not ${days}`,
      { field: 'expires_in_days' },
    );
  }
  const now = epochSeconds(deps.clock);
  const token = generateOpaqueSecret();
  const { organization, invitation } = await deps.transaction(async (stores) => {
    const organization = await findOrganization(stores.rbac, request.organization);
    // Sorted by name, so the names shown and the ids given stay in step.
    const roles = (await findAssignableRoles(stores.rbac, request.roles, organization)).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const account = await stores.users.findByEmail(email);
    if (account && (await stores.rbac.accessOf({ type: 'user', id: account.id }, organization.id))) {
      throw new RbacConflictError(
        'already_member',
        `${email} is already a member of ${organization.name}; change their roles with set-roles`,
      );
    }
    const invitation: Invitation = {
      id: nextInvitationId(),
      organizationId: organization.id,
      email: normalizeEmail(email),
      roles: roles.map((role) => role.name),
      roleIds: roles.map((role) => role.id),
      tokenHash: hashOpaqueSecret(token),
      createdAt: now,
      expiresAt: now + days * DAY_SECONDS,
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
    };
    await stores.invitations.create(invitation);
    return { organization, invitation };
  });
  try {
    await mailer.send(invitationEmail(deps.issuer, organization, invitation, token, days));
  } catch (error) {
    await deps.invitations.revoke(invitation.id, now);
    // The SMTP error may quote the message, link included: only its code is logged.
    deps.logger.warn(
      { err: { code: (error as { code?: string }).code }, invitationId: invitation.id },
      'invitation email not sent; the invitation is revoked',
    );
    throw new InvitationError(
      'invitation_not_sent',
      `the mail server did not take the invitation to ${invitation.email}; nothing was kept, try again`,
    );
  }
  // Only once this one is on its way do the earlier ones stop working (and of two sent at once, the later wins).
  const replaced = await deps.invitations.revokePending(
    organization.id,
    invitation.email,
    now,
    invitation.id,
  );
  deps.logger.info({ invitationId: invitation.id, organizationId: organization.id }, 'invitation sent');
  return { organization, invitation: listed(invitation, now), replaced };
}

/** The organization's invitations, newest first, with what became of each, a page at a time (`'all'`: the CLI). */
export async function listInvitations(
  deps: Pick<InvitationDependencies, 'rbac' | 'invitations' | 'clock'>,
  reference: string,
  page: PageRequest | 'all',
): Promise<{ organization: Organization; invitations: ListedInvitation[]; next: string | undefined }> {
  const organization = await findOrganization(deps.rbac, reference);
  const now = epochSeconds(deps.clock);
  const { items, next } = await listPage<Invitation, string>(
    page,
    (keyset) => deps.invitations.listForOrganization(organization.id, keyset),
    (invitation): string => invitation.id,
    (raw) => (isKeyString(raw) ? raw : undefined),
  );
  return { organization, invitations: items.map((invitation) => listed(invitation, now)), next };
}

/** Revokes a pending invitation: its link stops working. invitation_not_found, invitation_not_pending. */
export async function revokeInvitation(
  deps: Pick<InvitationDependencies, 'rbac' | 'invitations' | 'clock'>,
  reference: string,
  id: string,
): Promise<{ organization: Organization; invitation: ListedInvitation }> {
  const organization = await findOrganization(deps.rbac, reference);
  const found = await deps.invitations.findById(id.trim());
  if (!found || found.organizationId !== organization.id) {
    throw new InvitationError(
      'invitation_not_found',
      `no invitation with id ${id} in organization ${organization.name}`,
    );
  }
  const now = epochSeconds(deps.clock);
  if (!(await deps.invitations.revoke(found.id, now))) {
    throw new InvitationError(
      'invitation_not_pending',
      `invitation ${found.id} is ${invitationStatus(found, now)}, not pending: there is nothing to revoke`,
    );
  }
  return { organization, invitation: listed({ ...found, revokedAt: now }, now) };
}

/** What a working link opens: the invitation, its organization, and the account of its email if there is one. */
export interface OpenedInvitation {
  invitation: Invitation;
  organization: Organization;
  account: User | undefined;
}

/** The invitation a link's secret opens, while it can be accepted; undefined for any other value. */
export async function openInvitation(
  deps: Pick<InvitationDependencies, 'rbac' | 'users' | 'invitations' | 'clock'>,
  token: string,
): Promise<OpenedInvitation | undefined> {
  if (!hasOpaqueSecretShape(token)) return undefined;
  const invitation = await deps.invitations.findUsable(hashOpaqueSecret(token), epochSeconds(deps.clock));
  if (!invitation) return undefined;
  const organization = await deps.rbac.findOrganizationById(invitation.organizationId);
  if (!organization) return undefined;
  return { invitation, organization, account: await deps.users.findByEmail(invitation.email) };
}

export interface Joined {
  organization: Organization;
  /** The member's roles there now, sorted: the invitation's and any held before. */
  roles: string[];
}

/**
 * Accepts the invitation as `user`, whose email must be the invited one: the invitation is used up and the user
 * holds its roles in the organization (added to any they held there), in one transaction.
 */
export async function acceptInvitation(
  deps: InvitationDependencies,
  token: string,
  user: User,
): Promise<Joined> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const invitation = await claim(stores, token, user, now);
    if (normalizeEmail(user.email) !== invitation.email) {
      throw new InvitationError(
        'invitation_for_another_account',
        `this invitation is for ${invitation.email}, and you are signed in as ${user.email}`,
      );
    }
    return join(stores, invitation, user, now);
  });
}

/**
 * Creates the invited email's account (verified: the link was sent to it) with this password and accepts the
 * invitation with it, in one transaction. account_exists when the email has an account (its owner signs in);
 * PasswordPolicyError and ProfileError as for any new account, in which case the link still works.
 */
export async function acceptInvitationWithNewAccount(
  deps: InvitationDependencies & { hasher: PasswordHasher; rateLimits: CounterStore },
  token: string,
  input: { password: string; name?: string },
  clientAddress: string,
): Promise<Joined & { user: User }> {
  const usable = await deps.invitations.findUsable(hashOpaqueSecret(token), epochSeconds(deps.clock));
  if (!usable) throw invalidInvitation();
  // Each try hashes a password: counted as a sign-up from the network, whoever holds the link.
  const counted = await countSignUp(deps, clientAddress);
  if (!counted.allowed) {
    throw new InvitationError(
      'too_many_requests',
      'Too many accounts were made from your network. Try again later.',
      {
        headers: { 'retry-after': String(counted.retryAfterSeconds) },
      },
    );
  }
  // The hashing happens before the unit of work, which holds its locks until it ends.
  const user = await prepareUser(
    { email: usable.email, password: input.password, name: input.name, emailVerified: true },
    deps.hasher,
    deps.clock,
  );
  const now = epochSeconds(deps.clock);
  const accountExists = () =>
    new InvitationError(
      'account_exists',
      `${usable.email} has an account already: sign in with it to accept the invitation`,
    );
  return deps.transaction(async (stores) => {
    const invitation = await claim(stores, token, user, now);
    if (await stores.users.findByEmail(invitation.email)) throw accountExists();
    try {
      await stores.users.create(user);
    } catch (error) {
      if (error instanceof UserExistsError) throw accountExists();
      throw error;
    }
    return { ...(await join(stores, invitation, user, now)), user };
  });
}

/**
 * Uses the invitation up for `user`, first thing in the transaction: of concurrent acceptances of one link, exactly
 * one gets past this (the others wait on the row, then find it used); anything refused afterwards rolls it back.
 */
async function claim(
  stores: InvitationStoreSet,
  token: string,
  user: User,
  now: number,
): Promise<Invitation> {
  const invitation = await stores.invitations.accept(hashOpaqueSecret(token), user.id, now);
  if (!invitation) throw invalidInvitation();
  return invitation;
}

/** Gives the user the invitation's roles in its organization (added to any held there already). */
async function join(
  stores: InvitationStoreSet,
  invitation: Invitation,
  user: User,
  now: number,
): Promise<Joined> {
  const organization = await stores.rbac.findOrganizationById(invitation.organizationId);
  if (!organization) throw invalidInvitation();
  const roleIds: string[] = [];
  for (const [index, id] of invitation.roleIds.entries()) {
    const role = await stores.rbac.findRoleById(id);
    if (!role || (role.organizationId !== null && role.organizationId !== organization.id)) {
      throw new RbacNotFoundError(
        'role_not_found',
        `the role ${invitation.roles[index] ?? id} this invitation gives was deleted since it was sent; ask for a new invitation`,
      );
    }
    roleIds.push(role.id);
  }
  const holder = { type: 'user', id: user.id } as const;
  await stores.rbac.addMemberRoles(organization.id, holder, roleIds, now);
  const access = await stores.rbac.accessOf(holder, organization.id);
  return { organization, roles: access?.roles ?? [] };
}

function invalidInvitation(): InvitationError {
  return new InvitationError(
    'invalid_invitation',
    'This invitation has expired, was already used or was withdrawn. Ask for a new one.',
  );
}

function listed(invitation: Invitation, now: number): ListedInvitation {
  return {
    id: invitation.id,
    email: invitation.email,
    roles: invitation.roles,
    status: invitationStatus(invitation, now),
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    acceptedAt: invitation.acceptedAt,
    acceptedBy: invitation.acceptedBy,
  };
}

function invitationEmail(
  issuer: string,
  organization: Organization,
  invitation: Invitation,
  token: string,
  days: number,
): { to: string; subject: string; text: string } {
  const roles = invitation.roles.join(', ');
  return {
    to: invitation.email,
    subject: `You are invited to join ${organization.name}`,
    text: [
      `You are invited to join the organization ${organization.name} at ${issuer}, with the role${invitation.roles.length > 1 ? 's' : ''} ${roles}.`,
      '',
      `To accept, open this link within ${days} day${days > 1 ? 's' : ''}. It works once; you sign in, or create your account with this email address.`,
      '',
      `${issuer}${INVITATION_LINK_PATH}?token=${token}`,
      '',
      'If you did not expect this, ignore this email: nothing happens.',
      '',
    ].join('\n'),
  };
}
