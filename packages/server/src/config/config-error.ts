// The one error a bad configuration value produces: it names the variable and what is allowed.
import { TesseraError } from '../tessera-error.js';
export class ConfigError extends TesseraError {
  readonly code = 'ERR_CONFIG_INVALID';
  constructor(
    readonly variable: string,
    readonly allowed: string,
    readonly got: string | undefined,
  ) {
    // EX_CONFIG (sysexits.h): the environment, not the command, needs fixing.
    super(`${variable} must be ${allowed}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`, {
      exitStatus: 78,
    });
    this.name = 'ConfigError';
  }

  override describe(): string {
    return `invalid configuration: ${this.message}`;
  }
}
