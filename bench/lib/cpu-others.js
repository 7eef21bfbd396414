// How much CPU other work (outside this benchmark's process tree) took during a measurement, from Linux /proc.
// Tells a disturbed run from a clean one; complements cpu-busy.js, which only looks before a run.
import { readdirSync, readFileSync } from 'node:fs';
import { cpuBusyFraction } from './cpu-busy.js';
import { percent } from './format.js';

/** utime + stime + cutime + cstime (clock ticks) and parent pid of one process, or undefined if it is gone. */
function processTimes(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return {
      ppid: Number(fields[1]),
      ticks: fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0),
    };
  } catch {
    return undefined;
  }
}

/**
 * Machine-wide busy and total clock ticks, and the ticks of this process and all its descendants (children that
 * have exited and been waited for are in their parent's cutime/cstime). Undefined where /proc is missing.
 */
export function cpuSnapshot() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0); // guest time is already in user
    const busy = total - fields[3] - (fields[4] ?? 0);
    const all = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const times = processTimes(name);
      if (times) all.set(Number(name), times);
    }
    const ours = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, { ppid }] of all) {
        if (!ours.has(pid) && ours.has(ppid)) {
          ours.add(pid);
          grew = true;
        }
      }
    }
    const ourTicks = [...ours].reduce((sum, pid) => sum + (all.get(pid)?.ticks ?? 0), 0);
    return { total, busy, ours: ourTicks };
  } catch {
    return undefined;
  }
}

/** Fraction (0..1) of the machine's CPU capacity that other work used between two snapshots. */
export function othersBusyFraction(before, after) {
  if (!before || !after || after.total <= before.total) return undefined;
  const others = after.busy - before.busy - (after.ours - before.ours);
  return Math.max(0, others / (after.total - before.total));
}

/** Above this share of the machine's CPU, other work makes a measurement NOISY. */
export const NOISY_ABOVE = 0.15;

/**
 * Per measurement: how busy the CPUs were in the 1 s before it (while none of ours ran) and how much of them
 * other work took during it; remembers the noisy ones for a closing warning.
 */
export function createNoiseWatch() {
  const noisy = [];
  const verdict = (label, fraction) => {
    if (fraction === undefined) return '-';
    if (fraction > NOISY_ABOVE && !noisy.includes(label)) noisy.push(label);
    return `${percent(fraction)}${fraction > NOISY_ABOVE ? ' (NOISY)' : ''}`;
  };
  return {
    /** Samples for 1 s; call when none of this benchmark's processes are running. */
    async before(label) {
      return { label, busyBefore: await cpuBusyFraction(1000), snapshot: cpuSnapshot() };
    },
    /** One line for the report, e.g. "machine CPU busy in the 1 s before: 2%; other work during the run: 1%". */
    after({ label, busyBefore, snapshot }) {
      if (busyBefore === undefined && snapshot === undefined) return '';
      const during = othersBusyFraction(snapshot, cpuSnapshot());
      return `machine CPU busy in the 1 s before: ${verdict(label, busyBefore)}; other work during the run: ${verdict(label, during)}`;
    },
    warning() {
      return noisy.length === 0
        ? ''
        : `WARNING: other work took CPU before or during: ${noisy.join(', ')}. Those numbers are low and noisy; ` +
            'rerun on a quiet machine before drawing conclusions.';
    },
  };
}
