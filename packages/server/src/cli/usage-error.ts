// A command line that cannot mean anything (a required choice left out, options that contradict each other): one
// line with a stable code, naming the options.
import { TesseraError } from '../tessera-error.js';
export class UsageError extends TesseraError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
