// The one behaviour suite every storage backend must pass (run by sqlite.test.ts and postgres.test.ts), one topic per
// store interface in conformance/, each test on a fresh store. The ClientStore topic runs through CachedClientStore too,
// which must keep the same contract for changes made through it.
import { afterEach, beforeEach, describe } from 'vitest';
import { CachedClientStore } from '../../src/oauth/clients/cached-client-store.js';
import type { Stores } from '../../src/store/stores.js';
import { TestClock } from '../support/test-clock.js';
import { describeAssertionReplayStoreConformance } from './conformance/assertion-replay.js';
import { describeClientStoreConformance } from './conformance/clients.js';
import { describeConsentStoreConformance } from './conformance/consents.js';
import { describeDeviceAuthorizationStoreConformance } from './conformance/device-authorizations.js';
import { type ConformanceExceptions, conformanceIt } from './conformance/exceptions.js';
import { describeGrantStoreConformance } from './conformance/grants.js';
import { describePasskeyStoreConformance } from './conformance/passkeys.js';
import { describePasswordResetStoreConformance } from './conformance/password-resets.js';
import { describeRbacStoreConformance } from './conformance/rbac.js';
import { describeRevokedTokenStoreConformance } from './conformance/revoked-tokens.js';
import { describeSecondFactorStoreConformance } from './conformance/second-factors.js';
import { describeSessionStoreConformance } from './conformance/sessions.js';
import { describeSignUpLinkStoreConformance } from './conformance/sign-up-links.js';
import { describeSigningKeyStoreConformance } from './conformance/signing-keys.js';
import { describeUnitOfWorkConformance } from './conformance/unit-of-work.js';
import { describeUserStoreConformance } from './conformance/users.js';

export interface StoreBackend {
  /** Stores over an empty, migrated database, for one test; `close` lets them go after it. */
  open(): Promise<{ stores: Stores; close(): Promise<void> }>;
  /** Tests this backend is excused from, each with the reason (conformance/exceptions.ts). */
  exceptions?: ConformanceExceptions;
}

/** CachedClientStore keeps the whole ClientStore contract for changes made through it: no exceptions. */
const CACHED_CLIENT_STORE_EXCEPTIONS: ConformanceExceptions = {};

export function describeStoreConformance(name: string, backend: StoreBackend): void {
  describe(`store conformance: ${name}`, () => {
    let stores: Stores;
    let cachedClients: CachedClientStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ stores, close } = await backend.open());
      cachedClients = new CachedClientStore(stores.clients, new TestClock());
    });
    afterEach(() => close());

    const { it, checkExceptions } = conformanceIt(backend.exceptions ?? {});
    const fresh = () => stores;
    describeClientStoreConformance(() => stores.clients, it);
    describeSigningKeyStoreConformance(fresh, it);
    describeRevokedTokenStoreConformance(fresh, it);
    describeUserStoreConformance(fresh, it);
    describeSessionStoreConformance(fresh, it);
    describeConsentStoreConformance(fresh, it);
    describeGrantStoreConformance(fresh, it);
    describeDeviceAuthorizationStoreConformance(fresh, it);
    describePasswordResetStoreConformance(fresh, it);
    describeSignUpLinkStoreConformance(fresh, it);
    describeAssertionReplayStoreConformance(fresh, it);
    describeSecondFactorStoreConformance(fresh, it);
    describePasskeyStoreConformance(fresh, it);
    describeUnitOfWorkConformance(fresh, it);
    describeRbacStoreConformance(fresh, it);
    checkExceptions();

    describe('through CachedClientStore', () => {
      const cached = conformanceIt(CACHED_CLIENT_STORE_EXCEPTIONS);
      describeClientStoreConformance(() => cachedClients, cached.it);
      cached.checkExceptions();
    });
  });
}
