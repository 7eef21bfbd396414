// One run of the `tessera` command line: the I/O it works with, what its global options asked for, and the exit
// status of a command that reported its own failure. Each run has its own, so runs in one process never share any.
import type { CliIo } from './cli-io.js';

export interface CliRun {
  readonly io: CliIo;
  /** Set from the global --verbose option before a command's action runs (program.ts). */
  verbose: boolean;
  /**
   * 0 unless a command that printed its own outcome ends in failure (a client that was not there; an account made
   * but its email not sent). Errors thrown instead are printed and given their status by run-tessera.ts.
   */
  exitStatus: number;
}

export function startRun(io: CliIo): CliRun {
  return { io, verbose: false, exitStatus: 0 };
}
