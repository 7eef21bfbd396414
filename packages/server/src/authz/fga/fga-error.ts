// The FGA API's errors: OpenFGA's codes (the engine's numeric ErrorCode, the server's authentication and not-found
// codes) with the HTTP status OpenFGA's gateway gives each range (pkg/server/errors/encoded_errors.go): 1xxx 401,
// 2xxx 400, 3xxx 422, 4xxx 500, 5xxx 404. Rendered as `{code, message}` by fga-error-renderer.ts.
import { ErrorCode, isRebacError, type RebacError } from '@tessera/rebac';
import { TesseraError } from '../../tessera-error.js';

/** OpenFGA's codes that the server (not the engine) raises, by their proto names. */
export const FGA_SERVER_CODES = {
  unauthenticated: 1500,
  forbidden: 1600,
  internal_error: 4000,
  undefined_endpoint: 5000,
  store_id_not_found: 5002,
} as const;

export type FgaServerCodeName = keyof typeof FGA_SERVER_CODES;

function statusOf(numericCode: number): number {
  if (numericCode === FGA_SERVER_CODES.forbidden) return 403;
  if (numericCode < 2000) return 401;
  if (numericCode < 3500) return 400;
  if (numericCode < 4000) return 422;
  if (numericCode < 5000) return 500;
  return 404;
}

export class FgaError extends TesseraError {
  /** OpenFGA's name of the code (`validation_error`, `store_id_not_found`), what the HTTP body's `code` says. */
  readonly code: string;
  /** OpenFGA's number for it (2000, 5002), what the YAML vectors and gRPC speak. */
  readonly numericCode: number;

  constructor(code: string, numericCode: number, message: string, headers: Record<string, string> = {}) {
    super(message, { status: statusOf(numericCode), headers, exposure: { kind: 'api' } });
    this.name = 'FgaError';
    this.code = code;
    this.numericCode = numericCode;
  }

  static server(name: FgaServerCodeName, message: string, headers?: Record<string, string>): FgaError {
    return new FgaError(name, FGA_SERVER_CODES[name], message, headers);
  }

  static fromRebac(error: RebacError): FgaError {
    return new FgaError(error.codeName, error.code, error.message);
  }

  /** An error met after a streamed response started: the engine's as it is, anything else as internal_error. */
  static unexpected(error: unknown): FgaError {
    return isRebacError(error)
      ? FgaError.fromRebac(error)
      : FgaError.server('internal_error', 'Internal Server Error');
  }

  /** The proto name of an engine code (for BatchCheck's per-item errors). */
  static nameOf(code: number): string {
    return ENGINE_CODE_NAMES.get(code) ?? 'validation_error';
  }
}

const ENGINE_CODE_NAMES = new Map<number, string>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

export const storeNotFound = (): FgaError => FgaError.server('store_id_not_found', 'Store ID not found');

/** The engine's refusals as FGA errors; anything else is passed on as it is (to become a 500). */
export function toFgaError(error: unknown): unknown {
  return isRebacError(error) ? FgaError.fromRebac(error) : error;
}

/** Runs `work`, turning the engine's refusals into FGA errors for the error handler. */
export async function asFgaErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toFgaError(error);
  }
}
