// Assembles every store over one database, and the unit of work over them; the rest of the server sees only the
// interfaces.
import type { PasskeyChallengeStore, PasskeyStore } from '../accounts/mfa/passkey-store.js';
import type { RecoveryCodeStore } from '../accounts/mfa/recovery-code-store.js';
import type { TotpFactorStore } from '../accounts/mfa/totp-factor-store.js';
import type { PasswordResetStore } from '../accounts/password-reset-store.js';
import type { SessionStore } from '../accounts/session-store.js';
import type { SignUpLinkStore } from '../accounts/signup-link-store.js';
import type { UserStore } from '../accounts/user.js';
import type { FgaApiTokenStore } from '../authz/fga/api-token-store.js';
import type { FgaDataStores } from '../authz/fga/fga-data-stores.js';
import type { InvitationStore } from '../authz/rbac/invitation-store.js';
import type { RbacStore } from '../authz/rbac/rbac-store.js';
import { type Clock, systemClock } from '../clock.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { AssertionReplayStore } from '../oauth/client-auth/assertion-replay-store.js';
import type { ClientStore } from '../oauth/clients/client.js';
import type { ConsentStore } from '../oauth/consent-store.js';
import type { DeviceAuthorizationStore } from '../oauth/device/device-authorization-store.js';
import type { GrantStore } from '../oauth/grant-store.js';
import type { RevokedTokenStore } from '../tokens/revoked-token-store.js';
import type { SigningKeyStore } from '../tokens/signing-key-store.js';
import type { UnitOfWork } from '../unit-of-work.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
import { SqlAssertionReplayStore } from './sql-assertion-replay-store.js';
import { SqlAssertionStore } from './sql-assertion-store.js';
import { SqlAuthorizationModelStore } from './sql-authorization-model-store.js';
import { SqlClientStore } from './sql-client-store.js';
import { SqlConsentStore } from './sql-consent-store.js';
import { SqlCounterStore } from './sql-counter-store.js';
import { SqlDeviceAuthorizationStore } from './sql-device-authorization-store.js';
import { SqlFgaApiTokenStore } from './sql-fga-api-token-store.js';
import { SqlFgaStoreCatalog } from './sql-fga-store-catalog.js';
import { SqlGrantStore } from './sql-grant-store.js';
import { SqlInvitationStore } from './sql-invitation-store.js';
import { SqlPasskeyChallengeStore } from './sql-passkey-challenge-store.js';
import { SqlPasskeyStore } from './sql-passkey-store.js';
import { SqlPasswordResetStore } from './sql-password-reset-store.js';
import { SqlRbacStore } from './sql-rbac-store.js';
import { SqlRecoveryCodeStore } from './sql-recovery-code-store.js';
import { SqlRevokedTokenStore } from './sql-revoked-token-store.js';
import { SqlSessionStore } from './sql-session-store.js';
import { SqlSigningKeyStore } from './sql-signing-key-store.js';
import { SqlSignUpLinkStore } from './sql-signup-link-store.js';
import { SqlTotpFactorStore } from './sql-totp-factor-store.js';
import { SqlTupleImporter } from './sql-tuple-importer.js';
import { SqlTupleStores } from './sql-tuple-stores.js';
import { SqlUserStore } from './sql-user-store.js';

/**
 * Every store, and `transaction(work)` to run writes across them in one database transaction. The relationship
 * engine's data (FgaDataStores: OpenFGA stores, their models, tuples and assertions) is here too, in SQL; the server
 * keeps it in memory instead when TESSERA_FGA_DATASTORE=memory (service/start-server.ts).
 */
export interface Stores extends UnitOfWork<Stores>, FgaDataStores {
  clients: ClientStore;
  signingKeys: SigningKeyStore;
  revokedTokens: RevokedTokenStore;
  assertionReplay: AssertionReplayStore;
  users: UserStore;
  sessions: SessionStore;
  /** Counters of every rate limit (limits/), each policy under keys of its own. */
  rateLimits: CounterStore;
  consents: ConsentStore;
  grants: GrantStore;
  /** Device authorizations (RFC 8628, oauth/device/). */
  deviceAuthorizations: DeviceAuthorizationStore;
  passwordResets: PasswordResetStore;
  signUpLinks: SignUpLinkStore;
  /** Second factors (accounts/mfa/): TOTP and the recovery codes that stand in for it. */
  totpFactors: TotpFactorStore;
  recoveryCodes: RecoveryCodeStore;
  /** Passkeys (WebAuthn credentials) and the challenges of their ceremonies under way. */
  passkeys: PasskeyStore;
  passkeyChallenges: PasskeyChallengeStore;
  /** Organizations, roles, memberships and global roles (authz/rbac/). */
  rbac: RbacStore;
  /** Invitations to join an organization, by emailed link (authz/rbac/invitations.ts). */
  invitations: InvitationStore;
  /** The FGA API's pre-shared tokens. */
  fgaApiTokens: FgaApiTokenStore;
}

/** `clock` stamps what the stores time themselves (tuples and changes). */
export function createSqlStores(db: TesseraDb, clock: Clock = systemClock): Stores {
  return {
    clients: new SqlClientStore(db),
    signingKeys: new SqlSigningKeyStore(db),
    revokedTokens: new SqlRevokedTokenStore(db),
    assertionReplay: new SqlAssertionReplayStore(db),
    users: new SqlUserStore(db),
    sessions: new SqlSessionStore(db),
    rateLimits: new SqlCounterStore(db),
    consents: new SqlConsentStore(db),
    grants: new SqlGrantStore(db),
    deviceAuthorizations: new SqlDeviceAuthorizationStore(db),
    passwordResets: new SqlPasswordResetStore(db),
    signUpLinks: new SqlSignUpLinkStore(db),
    totpFactors: new SqlTotpFactorStore(db),
    recoveryCodes: new SqlRecoveryCodeStore(db),
    passkeys: new SqlPasskeyStore(db),
    passkeyChallenges: new SqlPasskeyChallengeStore(db),
    rbac: new SqlRbacStore(db),
    invitations: new SqlInvitationStore(db),
    fgaStores: new SqlFgaStoreCatalog(db),
    fgaModels: new SqlAuthorizationModelStore(db),
    fgaTuples: new SqlTupleStores(db, clock),
    fgaImporter: new SqlTupleImporter(db, clock),
    fgaAssertions: new SqlAssertionStore(db),
    fgaApiTokens: new SqlFgaApiTokenStore(db),
    // The same stores over the transaction; inside one, `transaction` joins it (inTransaction).
    transaction: (work) => inTransaction(db, (trx) => work(createSqlStores(trx, clock))),
  };
}
