// What the command line reads and writes: its environment, working directory and standard streams, injected so that
// a run can be the process's own (bin/tessera.ts) or one with its own input and captured output (the tests).
import { isatty } from 'node:tty';
import type { Env } from '../config/config.js';

/** Standard input, which only commands that read a password from it consume. */
export interface CliInput extends AsyncIterable<Buffer | string> {
  /** Whether it is a terminal, which would echo a password as it is typed. */
  readonly isTTY?: boolean | undefined;
  /** The file descriptor behind it, when there is one (the process's standard input is 0). */
  readonly fd?: number | undefined;
}

/** Standard output or error. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** The terminal's width, when it is one: help is wrapped to it. */
  readonly columns?: number | undefined;
}

export interface CliIo {
  env: Env;
  /** Where the data dir is looked for, and relative paths start from. */
  cwd: string;
  stdin: CliInput;
  stdout: CliOutput;
  stderr: CliOutput;
}

/** The process's own: its environment, working directory and standard streams. */
export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    // Reading process.stdin opens it: only a command that reads a password does (see cli/commands/users.ts).
    stdin: {
      fd: 0,
      get isTTY() {
        return isatty(0);
      },
      [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator](),
    },
    stdout: process.stdout,
    stderr: process.stderr,
  };
}
