// How busy the machine's CPUs are right now (Linux /proc/stat), to tell a quiet measurement from a noisy one.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

function cpuTimes() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
}

/** Fraction (0..1) of all CPU time spent busy over the next `ms`; undefined where /proc/stat does not exist. */
export async function cpuBusyFraction(ms = 1000) {
  let before;
  try {
    before = cpuTimes();
  } catch {
    return undefined;
  }
  await sleep(ms);
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : undefined;
}
