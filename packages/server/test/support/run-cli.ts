// Runs the built `tessera` command (packages/server/dist) as a user would, with the given environment.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, input?: string): CliResult {
  return runCliIn(undefined, args, env, input);
}

/** As runCli, from the directory `cwd` (where the data dir is looked for when TESSERA_DATA_DIR is not set). */
export function runCliIn(
  cwd: string | undefined,
  args: string[],
  env: Record<string, string>,
  input?: string,
): CliResult {
  const result = spawnSync(process.execPath, [TESSERA_BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    input,
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Like runCli, without blocking this process: for commands that talk to something the test itself serves (an SMTP
 * inbox), which could not answer while spawnSync holds the event loop.
 */
export function runCliAsync(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TESSERA_BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
