// How long to leave the issuer alone after a failed request: 1 s, then twice as long after each further failure, up
// to a maximum; a success starts over. Keeps a down issuer from being asked once per incoming request.

const FIRST_RETRY_MS = 1_000;

export class RetryBackoff {
  readonly #firstMs: number;
  readonly #maxMs: number;
  #delayMs: number;
  #nextAttemptMs = Number.NEGATIVE_INFINITY;

  constructor(maxMs: number) {
    this.#firstMs = Math.min(FIRST_RETRY_MS, maxMs);
    this.#maxMs = maxMs;
    this.#delayMs = this.#firstMs;
  }

  /** Whether a request may be made at `nowMs`. */
  allows(nowMs: number): boolean {
    return nowMs >= this.#nextAttemptMs;
  }

  /** A request failed at `nowMs`: none for the current delay, which then doubles. */
  failed(nowMs: number): void {
    this.#nextAttemptMs = nowMs + this.#delayMs;
    this.#delayMs = Math.min(this.#delayMs * 2, this.#maxMs);
  }

  succeeded(): void {
    this.#delayMs = this.#firstMs;
    this.#nextAttemptMs = Number.NEGATIVE_INFINITY;
  }
}
