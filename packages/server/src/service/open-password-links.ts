// Outgoing mail for the set-password links that commands send (`tessera users create --no-password`), when
// TESSERA_SMTP_URL is set; the server assembles its own in start-server.ts.
import type { PasswordLinkDependencies } from '../accounts/password-reset.js';
import { createSmtpMailer } from '../mail/mailer.js';
import type { Runtime } from './open-runtime.js';

export interface PasswordLinks {
  links: PasswordLinkDependencies;
  /** Closes the mail connection; call it when the command is done. */
  close(): void;
}

/** Undefined when mail is not configured. */
export function openPasswordLinks(runtime: Runtime): PasswordLinks | undefined {
  const { config, stores, clock, logger } = runtime;
  if (!config.mail) return undefined;
  const mailer = createSmtpMailer(config.mail);
  return {
    links: { issuer: config.issuer, resets: stores.passwordResets, mailer, clock, logger },
    close: () => mailer.close(),
  };
}
