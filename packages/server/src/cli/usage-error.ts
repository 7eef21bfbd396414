// A command line that cannot mean anything (a required choice left out, options that contradict each other): one
// line with a stable code, naming the options.
export class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
