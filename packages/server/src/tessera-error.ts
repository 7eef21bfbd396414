// The one base of Tessera's errors: a stable code, and how the error may be shown (an API's JSON, Tessera's error
// page, a redirect to a verified redirect_uri, or not at all), rendered once by http/error-handler.ts and bin/.

/**
 * How an error reaches whoever caused it. `internal` errors are never shown: an HTTP request that ends in one gets
 * server_error (500) and the error is logged; adapters that expect a domain error (a page's form, the CLI) catch it.
 */
export type ErrorExposure =
  | { kind: 'internal' }
  /** Back-channel APIs: the JSON of the API the route belongs to; a browser that asked for HTML gets the error page. */
  | { kind: 'api' }
  /** Tessera's own error page with this title, whoever asked: the request names no place it may be sent back to. */
  | { kind: 'page'; title: string }
  /**
   * Back to the client, the error in the query (RFC 6749 §4.1.2.1). Only an error built from a redirect_uri checked
   * against the client's registration may be exposed this way: anything else is a page (RFC 9700 §4.1).
   */
  | { kind: 'redirect'; location(issuer: string): string };

export interface TesseraErrorOptions {
  /** HTTP status when the error is exposed; 400 unless given. */
  status?: number;
  /** Response headers that belong to the error (Retry-After, Allow, WWW-Authenticate). */
  headers?: Record<string, string>;
  exposure?: ErrorExposure;
  /** Exit status of the `tessera` command that ends in this error; 1 unless given (sysexits.h codes otherwise). */
  exitStatus?: number;
  /** The input the error is about (`email`, `password`), so a form shows it next to that field. */
  field?: string;
}

export abstract class TesseraError extends Error {
  /** Stable, for programs and tests: never reworded, unlike the message. */
  abstract readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly exposure: ErrorExposure;
  readonly exitStatus: number;
  readonly field: string | undefined;

  constructor(message: string, options: TesseraErrorOptions = {}) {
    super(message);
    this.status = options.status ?? 400;
    this.headers = options.headers ?? {};
    this.exposure = options.exposure ?? { kind: 'internal' };
    this.exitStatus = options.exitStatus ?? 1;
    this.field = options.field;
  }

  /** The line the command line prints after `tessera: `: the code, then the message. */
  describe(): string {
    return `${this.code}: ${this.message}`;
  }
}
