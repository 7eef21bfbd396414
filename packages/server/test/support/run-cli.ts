// Runs the `tessera` command line for a test: in this process (runCli, runCliIn), with its own environment, working
// directory, standard input and captured output; or as a user would, the built binary in a process of its own
// (runCliProcess), for what only a process shows: the bin wrapper, its exit status, serve's start-up.
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliOutput } from '../../src/cli/cli-io.js';
import { runTessera } from '../../src/cli/run-tessera.js';

export const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tessera args` in this process; `env` is all the environment it sees (and PATH, as a shell would give it). */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return runCliIn(undefined, args, env, input);
}

/** As runCli, from the directory `cwd` (where the data dir is looked for when TESSERA_DATA_DIR is not set). */
export async function runCliIn(
  cwd: string | undefined,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const status = await runTessera(args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: cwd ?? process.cwd(),
    // A pipe that holds `input` (or nothing): not a terminal, and not a file.
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]),
    stdout,
    stderr,
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the built `tessera` binary (packages/server/dist, via bin/tessera.js) in a process of its own. */
export function runCliProcess(args: string[], env: Record<string, string>, input?: string): CliResult {
  const result = spawnSync(process.execPath, [TESSERA_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    input,
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function capture(): CliOutput & { text(): string } {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}
