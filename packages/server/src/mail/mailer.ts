// Sends Tessera's few emails (password-reset, set-password and sign-up links) over SMTP with nodemailer.
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config/config.js';
import { isLoopbackHost } from '../config/loopback-hosts.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message; rejects with the SMTP error otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** How long to wait for an SMTP server to connect, greet and answer; injectable so tests need not wait this long. */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export const SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 20_000 };

export function createSmtpMailer(config: MailConfig, timeouts: SmtpTimeouts = SMTP_TIMEOUTS): Mailer {
  const host = new URL(config.smtpUrl).hostname;
  const transport = createTransport({
    url: config.smtpUrl,
    // A couple of reused connections: a burst of requests queues here instead of opening a connection each.
    pool: true,
    maxConnections: 2,
    // Emailed links are bearer secrets: off this machine they travel only over TLS (smtps://, or STARTTLS
    // insisted on for smtp://), never in clear text because a server did not offer STARTTLS.
    requireTLS: !isLoopbackHost(host),
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // nodemailer logs nothing unless asked; messages carry secrets, so it stays that way.
    logger: false,
    debug: false,
  });
  const from = config.from;
  return {
    async send(message) {
      await transport.sendMail({ ...message, from });
    },
    close: () => transport.close(),
  };
}
