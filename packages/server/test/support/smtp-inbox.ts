// A real SMTP server on 127.0.0.1 (smtp-server) that keeps every message it receives, parsed with mailparser.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The raw message as it arrived, headers included. */
  raw: string;
}

export interface SmtpInbox {
  /** smtp://[user:password@]127.0.0.1:<port>, for TESSERA_SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** How many times a client logged in with the credentials. */
  readonly logins: number;
  close(): Promise<void>;
}

/** Without credentials anyone may send; with them, only a client that logs in with them (AUTH over loopback). */
export async function startSmtpInbox(credentials?: { user: string; password: string }): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  let logins = 0;
  const server = new SMTPServer({
    authOptional: credentials === undefined,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.password) {
        logins++;
        callback(null, { user: auth.username });
      } else {
        callback(new Error('invalid credentials'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const userInfo = credentials
    ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@`
    : '';
  return {
    url: `smtp://${userInfo}127.0.0.1:${port}`,
    messages,
    get logins() {
      return logins;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
