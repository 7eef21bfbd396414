// The engine's one error module: every refusal carries OpenFGA's numeric ErrorCode (openfga/api errors_ignore.proto).

/** OpenFGA's ErrorCode values this engine raises, by their proto names. */
export const ErrorCode = {
  validation_error: 2000,
  authorization_model_not_found: 2001,
  authorization_model_resolution_too_complex: 2002,
  invalid_write_input: 2003,
  cannot_allow_duplicate_tuples_in_one_request: 2004,
  invalid_continuation_token: 2007,
  invalid_expand_input: 2010,
  write_failed_due_to_invalid_input: 2017,
  latest_authorization_model_not_found: 2020,
  type_not_found: 2021,
  relation_not_found: 2022,
  invalid_user: 2025,
  invalid_tuple: 2027,
  exceeded_entity_limit: 2053,
  invalid_contextual_tuple: 2054,
  duplicate_contextual_tuple: 2055,
  invalid_authorization_model: 2056,
  unsupported_schema_version: 2057,
  cancelled: 2058,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const NAMES = new Map<number, ErrorCodeName>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name as ErrorCodeName]),
);

/**
 * A refusal of the engine. `code` is OpenFGA's numeric code (rendered by the server as `{code, message}`), `name`
 * its proto name; tests assert the code, never the message.
 */
export class RebacError extends Error {
  readonly code: ErrorCodeValue;
  readonly codeName: ErrorCodeName;

  constructor(code: ErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RebacError';
    this.code = code;
    this.codeName = NAMES.get(code) ?? 'validation_error';
  }
}

export function isRebacError(value: unknown): value is RebacError {
  return value instanceof RebacError;
}

export const validationError = (message: string, cause?: unknown): RebacError =>
  new RebacError(ErrorCode.validation_error, message, { cause });

export const typeNotFound = (type: string): RebacError =>
  new RebacError(ErrorCode.type_not_found, `type '${type}' not found`);

export const relationNotFound = (type: string, relation: string): RebacError =>
  new RebacError(ErrorCode.relation_not_found, `relation '${type}#${relation}' not found`);

export const invalidTuple = (message: string): RebacError =>
  new RebacError(ErrorCode.invalid_tuple, `Invalid tuple: ${message}`);

export const invalidUser = (user: string): RebacError =>
  new RebacError(ErrorCode.invalid_user, `the 'user' field is malformed: '${user}'`);

export const invalidModel = (message: string, cause?: unknown): RebacError =>
  new RebacError(ErrorCode.invalid_authorization_model, message, { cause });

export const resolutionTooComplex = (): RebacError =>
  new RebacError(
    ErrorCode.authorization_model_resolution_too_complex,
    'Authorization Model resolution required too many rewrite rules to be resolved. Check your authorization model for infinite recursion or too much nesting',
  );

export const exceededEntityLimit = (entity: string, limit: number): RebacError =>
  new RebacError(
    ErrorCode.exceeded_entity_limit,
    `The number of ${entity} exceeds the allowed limit of ${limit}`,
  );

export const writeFailed = (message: string): RebacError =>
  new RebacError(ErrorCode.write_failed_due_to_invalid_input, message);
