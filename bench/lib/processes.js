// Spawns the benchmark's child Node processes and guarantees every one is killed when the run ends, even on error.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

const live = new Set();
let interrupted = false;

function refuseIfInterrupted() {
  if (interrupted) throw new Error('interrupted');
}
const OUTPUT_LIMIT = 64 * 1024;

/**
 * Starts `node ...args` with its own stdout/stderr captured (kept, bounded, to explain failures) and an IPC
 * channel. The child is tracked until it exits so that killAll() can reach it.
 */
export function spawnNode(args, { env = process.env, cwd } = {}) {
  refuseIfInterrupted();
  const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.output = '';
  child.outputBytes = 0;
  const keep = (chunk) => {
    child.outputBytes += chunk.length;
    child.output = (child.output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  child.once('error', () => live.delete(child));
  live.add(child);
  return child;
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...live].map((child) => stopChild(child)));
}

/** The last lines a child wrote, for error messages. */
export function outputTail(child, lines = 20) {
  const text = child.output.trimEnd();
  return text === '' ? '(no output)' : text.split('\n').slice(-lines).join('\n');
}

/**
 * Runs `node ...args` to completion (killed after `timeoutMs`) and parses the JSON object on the last line of
 * its stdout.
 */
export async function runNodeForJson(args, { env, timeoutMs }) {
  refuseIfInterrupted();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-OUTPUT_LIMIT);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  }).finally(() => {
    clearTimeout(timer);
    live.delete(child);
  });
  const name = basename(args[0]);
  if (code !== 0) {
    const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
    throw new Error(`${name} ${how}:\n${stderr.trimEnd() || stdout.trimEnd()}`);
  }
  const lastLine = stdout.trimEnd().split('\n').at(-1);
  try {
    return JSON.parse(lastLine);
  } catch {
    throw new Error(`${name} printed no JSON result:\n${stdout}${stderr}`);
  }
}

/**
 * Runs a load generator: `node script '<spec as JSON>'`, given its phases (`spec.warmupSeconds` and
 * `spec.durationSeconds`) and a minute more before it is killed; returns the JSON summary it prints.
 */
export function runLoadGenerator(script, spec) {
  return runNodeForJson([script, JSON.stringify(spec)], {
    env: process.env,
    timeoutMs: (spec.warmupSeconds + spec.durationSeconds + 60) * 1000,
  });
}

// Last line of defence: whatever happens, no server or load generator outlives the benchmark.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping every child process\n`);
    stopAll().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  });
}
