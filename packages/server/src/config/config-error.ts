// The one error a bad configuration value produces: it names the variable and what is allowed.
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
  constructor(
    readonly variable: string,
    readonly allowed: string,
    readonly got: string | undefined,
  ) {
    super(`${variable} must be ${allowed}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
    this.name = 'ConfigError';
  }
}
