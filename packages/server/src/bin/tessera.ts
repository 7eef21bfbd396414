// Entry point of the `tessera` command: runs the program and turns known errors into one clear line.

import { InvalidEmailError } from '../accounts/create-user.js';
import { PasswordPolicyError } from '../accounts/password-policy.js';
import { UserExistsError } from '../accounts/user.js';
import { createProgram } from '../cli/program.js';
import { ConfigError } from '../config/config-error.js';
import { ClientMetadataError } from '../oauth/clients/register-client.js';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`tessera: invalid configuration: ${error.message}\n`);
    process.exit(78);
  }
  if (
    error instanceof ClientMetadataError ||
    error instanceof PasswordPolicyError ||
    error instanceof InvalidEmailError ||
    error instanceof UserExistsError
  ) {
    process.stderr.write(`tessera: ${error.code}: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`tessera: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
