// Everything the HTTP layer needs, assembled once by the service (service.ts) and by tests.
import type { Logger } from 'pino';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { PasswordResets } from '../accounts/password-reset.js';
import type { SessionManager } from '../accounts/session-manager.js';
import type { SignUps } from '../accounts/sign-up-by-email.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import type { Clock } from '../clock.js';
import type { GrantRegistry } from '../oauth/grants/grant-registry.js';
import type { Stores } from '../store/stores.js';
import type { KeyRing } from '../tokens/key-ring.js';

export interface HttpDependencies {
  issuer: string;
  stores: Stores;
  keyRing: KeyRing;
  grants: GrantRegistry;
  clock: Clock;
  logger: Logger;
  sessions: SessionManager;
  trustedDevices: TrustedDevices;
  passwordHasher: PasswordHasher;
  signUpEnabled: boolean;
  /** Password reset by email; undefined when no mail server is configured. */
  passwordResets: PasswordResets | undefined;
  /** Sign-up by email link; undefined when sign-up is off or no mail server is configured. */
  signUps: SignUps | undefined;
  trustedProxies: string[];
}
