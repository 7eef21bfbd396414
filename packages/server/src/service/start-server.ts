// Starts the HTTP service on an open runtime, with periodic upkeep (key refresh and rotation, expired-row cleanup).

import type { FastifyInstance } from 'fastify';
import { BackgroundMail } from '../accounts/background-mail.js';
import { PendingSignIns } from '../accounts/mfa/pending-sign-in.js';
import { createArgon2Hasher, type PasswordHasher } from '../accounts/password-hasher.js';
import { PasswordResets } from '../accounts/password-reset.js';
import { SessionManager } from '../accounts/session-manager.js';
import { SignUps } from '../accounts/sign-up-by-email.js';
import { TrustedDevices } from '../accounts/trusted-devices.js';
import { adminErrorRenderer } from '../admin/admin-error-renderer.js';
import { ADMIN_PATH_PREFIX, registerAdminRoutes } from '../admin/admin-routes.js';
import { CachedAuthorizationModelStore } from '../authz/fga/cached-authorization-model-store.js';
import { CachedFgaStoreCatalog } from '../authz/fga/cached-fga-store-catalog.js';
import { fgaErrorRenderer } from '../authz/fga/fga-error-renderer.js';
import { FGA_PATH_PREFIX, registerFgaRoutes } from '../authz/fga/fga-routes.js';
import { createMemoryFgaStores } from '../authz/fga/memory/memory-fga-stores.js';
import { epochSeconds } from '../clock.js';
import { buildHttpApp } from '../http/app.js';
import { createSmtpMailer, type SmtpTimeouts } from '../mail/mailer.js';
import { CachedClientStore } from '../oauth/clients/cached-client-store.js';
import { authorizationCodeGrant } from '../oauth/grants/authorization-code.js';
import { clientCredentialsGrant } from '../oauth/grants/client-credentials.js';
import { deviceCodeGrant } from '../oauth/grants/device-code.js';
import { GrantRegistry } from '../oauth/grants/grant-registry.js';
import { refreshTokenGrant } from '../oauth/grants/refresh-token.js';
import { oauthErrorRenderer } from '../oauth/oauth-error-renderer.js';
import { registerOAuthRoutes } from '../oauth/oauth-routes.js';
import { purgeableStores } from '../purgeable.js';
import type { KeyRing } from '../tokens/key-ring.js';
import { registerUiRoutes } from '../ui/ui-routes.js';
import { assembleFga } from './assemble-fga.js';
import { listenError } from './listen-error.js';
import { KEY_REFRESH_INTERVAL_SECONDS, type Runtime } from './open-runtime.js';

/** Expired rows are cleaned up once per this many key-refresh ticks (about every ten minutes). */
const PURGE_EVERY_TICKS = 60;
/** How long shutdown waits for password-reset and sign-up emails still being sent. */
const SHUTDOWN_MAIL_WAIT_MS = 10_000;

export interface RunningServer {
  app: FastifyInstance;
  keyRing: KeyRing;
  /** The address actually bound, e.g. http://127.0.0.1:8080. */
  address: string;
  /** Password reset by email, when outgoing mail is configured. */
  passwordResets: PasswordResets | undefined;
  /** Sign-up by email, when outgoing mail is configured and sign-up is enabled. */
  signUps: SignUps | undefined;
  /** The emails being looked up and sent after their requests were answered, when mail is configured. */
  backgroundMail: BackgroundMail | undefined;
  close(): Promise<void>;
}

/** The costly parts a caller may replace: tests use cheap argon2 parameters and short mail timeouts. */
export interface StartServerOptions {
  passwordHasher?: PasswordHasher;
  smtpTimeouts?: SmtpTimeouts;
  /** The device flow's polling interval (RFC 8628 §3.2): 5 seconds unless set, shorter for tests of real clients. */
  devicePollIntervalSeconds?: number;
}

export async function startServer(
  runtime: Runtime,
  listen = true,
  options: StartServerOptions = {},
): Promise<RunningServer> {
  const { config, logger, clock } = runtime;
  // The HTTP service reads clients, FGA stores and their latest model ids through short-lived caches (see
  // cached-client-store.ts, cached-fga-store-catalog.ts, cached-authorization-model-store.ts); the CLI does not.
  const stores = {
    ...runtime.stores,
    clients: new CachedClientStore(runtime.stores.clients, clock),
    fgaStores: new CachedFgaStoreCatalog(runtime.stores.fgaStores, clock),
    fgaModels: new CachedAuthorizationModelStore(runtime.stores.fgaModels, clock),
  };
  const keyRing = await runtime.openKeyRing(config.signingAlg);
  const userTokens = {
    issuer: config.issuer,
    keyRing,
    grants: stores.grants,
    users: stores.users,
    rbac: stores.rbac,
    clock,
  };
  const codeTokens = { ...userTokens, sessions: stores.sessions };
  // TESSERA_FGA_DATASTORE=memory: the FGA API's data lives in this process (development and tests), else in SQL.
  const fgaData = config.fgaDatastore === 'memory' ? createMemoryFgaStores(clock) : runtime.stores;
  if (config.fgaDatastore === 'memory')
    logger.warn(
      'TESSERA_FGA_DATASTORE=memory: FGA stores, models and tuples are lost when this process stops',
    );
  const grants = new GrantRegistry([
    clientCredentialsGrant({ issuer: config.issuer, keyRing, clock, rbac: stores.rbac }),
    authorizationCodeGrant(codeTokens),
    refreshTokenGrant({ ...userTokens, consents: stores.consents }),
    deviceCodeGrant({ ...codeTokens, deviceAuthorizations: stores.deviceAuthorizations }),
  ]);
  const passwordHasher = options.passwordHasher ?? createArgon2Hasher();
  const sessions = new SessionManager(stores.sessions, clock);
  const trustedDevices = new TrustedDevices(runtime.secretBox(), clock);
  const pendingSignIns = new PendingSignIns(runtime.secretBox(), clock);
  const mailer = config.mail ? createSmtpMailer(config.mail, options.smtpTimeouts) : undefined;
  const backgroundMail = mailer && new BackgroundMail(logger);
  const emailedLinks = mailer &&
    backgroundMail && {
      issuer: config.issuer,
      users: stores.users,
      rateLimits: stores.rateLimits,
      hasher: passwordHasher,
      mailer,
      clock,
      logger,
      background: backgroundMail,
    };
  const passwordResets =
    emailedLinks && new PasswordResets({ ...emailedLinks, resets: stores.passwordResets, stores });
  const signUps =
    emailedLinks && config.signUpEnabled
      ? new SignUps({ ...emailedLinks, links: stores.signUpLinks, stores })
      : undefined;
  // Each module gets only what its routes use; nothing hands every route every store.
  const app = buildHttpApp(
    {
      issuer: config.issuer,
      logger,
      trustedProxies: config.trustedProxies,
      clients: stores.clients,
      errorRenderer: oauthErrorRenderer,
      errorRenderers: [
        { pathPrefix: `${FGA_PATH_PREFIX}/`, renderer: fgaErrorRenderer },
        { pathPrefix: `${ADMIN_PATH_PREFIX}/`, renderer: adminErrorRenderer },
      ],
    },
    [
      (http) =>
        registerOAuthRoutes(http, {
          issuer: config.issuer,
          clock,
          keyRing,
          grants,
          sessions,
          stores,
          devicePollIntervalSeconds: options.devicePollIntervalSeconds,
          pendingSignIns,
        }),
      (http) =>
        registerUiRoutes(http, {
          issuer: config.issuer,
          clock,
          stores,
          sessions,
          trustedDevices,
          pendingSignIns,
          box: runtime.secretBox(),
          passwordHasher,
          signUpEnabled: config.signUpEnabled,
          passwordResets,
          signUps,
        }),
      (http) =>
        registerFgaRoutes(http, {
          ...assembleFga(fgaData, runtime.stores.rbac, clock),
          issuer: config.issuer,
          keyRing,
          revokedTokens: stores.revokedTokens,
          apiTokens: stores.fgaApiTokens,
        }),
      (http) =>
        registerAdminRoutes(http, {
          rbac: stores.rbac,
          users: stores.users,
          clients: stores.clients,
          grants: stores.grants,
          consents: stores.consents,
          invitations: stores.invitations,
          transaction: stores.transaction,
          clock,
          issuer: config.issuer,
          mailer,
          logger,
          keyRing,
          revokedTokens: stores.revokedTokens,
        }),
    ],
  );

  // Every store with expiring rows takes part in the clean-up (purgeable.ts); the CLI's stores, not the cache.
  const purgeable = purgeableStores({ ...runtime.stores, ...fgaData });
  // Key refresh every few seconds (so rotations propagate); clean-up of expired rows every tenth tick or so.
  let ticks = 0;
  const upkeep = setInterval(() => {
    const now = epochSeconds(clock);
    const cleanUp = ticks++ % PURGE_EVERY_TICKS === 0;
    const work: Promise<unknown>[] = [keyRing.maintain()];
    if (cleanUp) for (const store of purgeable) work.push(store.purge(now));
    Promise.all(work).catch((error: unknown) => logger.error({ err: error }, 'periodic upkeep failed'));
  }, KEY_REFRESH_INTERVAL_SECONDS * 1000);
  upkeep.unref();

  let address = '';
  try {
    if (listen) address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    clearInterval(upkeep);
    await app.close();
    throw listenError(error, config.host, config.port) ?? error;
  }
  // Only `serve` applies TESSERA_SIGNING_ALG, and only once it is serving: the algorithm lives in the database,
  // where every process reads it, so a server that cannot start changes it for no one.
  if (config.signingAlg !== undefined) {
    await keyRing.switchAlgorithm(config.signingAlg);
    const { signing, switchingTo } = keyRing.algorithms();
    if ((switchingTo ?? signing) !== config.signingAlg)
      logger.warn(
        { configured: config.signingAlg, database: switchingTo ?? signing },
        'TESSERA_SIGNING_ALG differs from the signing algorithm another process set just now; the database wins',
      );
  }
  return {
    app,
    keyRing,
    address,
    passwordResets,
    signUps,
    backgroundMail,
    close: async () => {
      clearInterval(upkeep);
      await app.close();
      // Emails already asked for get a few seconds to go out; an unreachable mail server must not hold up shutdown.
      if (backgroundMail) await backgroundMail.idle(SHUTDOWN_MAIL_WAIT_MS);
      mailer?.close();
    },
  };
}
