// Work that looks an account up and sends it an email, done after the HTTP answer, so that neither the answer nor its
// timing depends on whether the account exists. Bounded, and waited for (for a while) at shutdown.
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { Mailer } from '../mail/mailer.js';
import type { PasswordHasher } from './password-hasher.js';
import type { UserStore } from './user.js';

/** What the emailed-link flows (password reset, sign-up by email) need besides their own link store. */
export interface EmailedLinkDependencies {
  issuer: string;
  users: UserStore;
  /** Counts requests per client network (limits/network-request-limit.ts). */
  rateLimits: CounterStore;
  hasher: PasswordHasher;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Where the look-up and the email happen, after the answer. */
  background: BackgroundMail;
}

/** What became of a request for an emailed link. None of it depends on the account. */
export type MailRequestOutcome =
  | { accepted: true }
  | { accepted: false; reason: 'too_many_requests'; retryAfterSeconds: number }
  | { accepted: false; reason: 'busy' };

/** Requests waiting for their look-up and email beyond this are refused with "try later", bounding memory. */
const MAX_PENDING = 1000;

export class BackgroundMail {
  readonly #logger: Logger;
  readonly #pending = new Set<Promise<void>>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Runs `work` after this turn of the event loop; returns false (and runs nothing) when too much is waiting. */
  enqueue(work: () => Promise<void>, failureMessage: string): boolean {
    if (this.#pending.size >= MAX_PENDING) {
      this.#logger.warn(
        'requests for emails are arriving faster than emails go out; asked a client to retry',
      );
      return false;
    }
    const queued = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => {
        // Codes only: an SMTP error's text can quote the recipient, and the message itself may carry a link.
        const { name, code, responseCode } = error as { name?: string; code?: string; responseCode?: number };
        this.#logger.error({ err: { name, code, responseCode } }, failureMessage);
      })
      .finally(() => this.#pending.delete(queued));
    this.#pending.add(queued);
    return true;
  }

  /**
   * Resolves once every request made so far has been handled (tests, shutdown), or after `maxWaitMs` when given;
   * returns whether everything was handled.
   */
  async idle(maxWaitMs?: number): Promise<boolean> {
    const drained = (async () => {
      while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    })();
    if (maxWaitMs === undefined) {
      await drained;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), maxWaitMs);
    });
    try {
      return await Promise.race([drained.then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
