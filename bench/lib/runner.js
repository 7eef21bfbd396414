// The one runner every benchmark uses (bench/ and packages/verify/bench): settings from the environment, the machine
// line, the noise watch, alternating rounds, medians and paired ratios, target verdicts and the exit code.
// It starts no process and installs no signal handler, so an in-process benchmark can use it too.
import { arch, cpus, platform } from 'node:os';
import { createNoiseWatch } from './cpu-others.js';

/** A number from the environment (or `fallback`), refused unless `min` <= value <= `max` (and whole if asked). */
export function numberFromEnv(name, fallback, { min, max, integer = false, what = 'a number' }) {
  const value = Number(process.env[name] ?? fallback);
  if (!(value >= min && value <= max) || (integer && !Number.isInteger(value)))
    throw new Error(`${name} must be ${what} from ${min} to ${max}`);
  return value;
}

/** A phase length (BENCH_WARMUP_SECONDS and friends). */
export function secondsFromEnv(name, fallback) {
  return numberFromEnv(name, fallback, { min: 0, max: 120, what: 'a number of seconds' });
}

/** BENCH_ROUNDS: how many alternating rounds a benchmark that interleaves its contenders runs (1 to 15). */
export function roundsFromEnv(fallback) {
  return numberFromEnv('BENCH_ROUNDS', fallback, { min: 1, max: 15, integer: true, what: 'a whole number' });
}

/**
 * With BENCH_CPU_PROF_DIR set, the `node` flags that make a server write a V8 CPU profile there when it stops
 * (open it in Chrome DevTools or speedscope); none otherwise.
 */
export function cpuProfileArgs() {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The median of the finite values (the mean of the middle two for an even count); NaN if there are none. */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * subject[i] / reference[i] for every round measured for both, and their median: each ratio compares two
 * measurements taken back to back, which is what drift on a shared machine affects least.
 */
export function pairedRatios(subject, reference) {
  const ratios = subject.map((value, i) => value / reference[i]).filter(Number.isFinite);
  return { ratios, median: median(ratios) };
}

/**
 * Runs `measure(contender, round)` for every contender in every round (1-based), one at a time, after
 * `beforeRound(round)` if given. With `rotate`, each round starts with the next contender, so that none always
 * runs first, or always right after the same other one.
 */
export async function inRounds(rounds, contenders, measure, { rotate = false, beforeRound } = {}) {
  for (let round = 1; round <= rounds; round++) {
    await beforeRound?.(round);
    for (let i = 0; i < contenders.length; i++) {
      const shift = rotate ? round - 1 : 0;
      await measure(contenders[(shift + i) % contenders.length], round);
    }
  }
}

/**
 * `met`, `NOT met` or `not measured` for a value against its minimum; a value computed from a run that had errors
 * says it is not trustworthy. A missed target is reported, never a failure of the benchmark.
 */
export function verdict(value, min, { trustworthy = true } = {}) {
  if (!Number.isFinite(value)) return 'not measured';
  const met = value >= min ? 'met' : 'NOT met';
  return trustworthy ? met : `${met} (but a run had errors: not trustworthy)`;
}

/** As `verdict`, for a target that is a maximum (a latency, a load time): met when `value` < `max`. */
export function verdictBelow(value, max, { trustworthy = true } = {}) {
  if (!Number.isFinite(value)) return 'not measured';
  const met = value < max ? 'met' : 'NOT met';
  return trustworthy ? met : `${met} (but a run had errors: not trustworthy)`;
}

/**
 * One benchmark's run: `print`, the machine line, a noise watch (see cpu-others.js), `fail()` for a part that
 * failed or had errors, and `finish()`, which prints the noise warning and the result and sets the exit code
 * (1 if any part failed; a missed target does not count).
 */
export function createRunner() {
  const noise = createNoiseWatch();
  let failed = false;
  const print = (line = '') => process.stdout.write(`${line}\n`);
  return {
    print,
    noise,
    machine: () =>
      `machine: ${cpus().length} x ${cpus()[0]?.model.trim()}, ${platform()} ${arch()}, Node ${process.version}`,
    fail() {
      failed = true;
    },
    /** A part that threw: FAILED and its message (continuation lines indented by `indent`) under `log`. */
    failure(log, error, indent = '  ') {
      failed = true;
      log(`FAILED: ${error.message.split('\n').join(`\n${indent}`)}`);
    },
    /**
     * After a measured run: a note if the server logged under load (logging costs throughput), and FLAGGED with
     * the run's problems, which fail the benchmark.
     */
    flagProblems(log, { problems, serverOutputBytes }) {
      if (serverOutputBytes > 0)
        log(`note: the server wrote ${serverOutputBytes} bytes of output under load`);
      if (problems.length > 0) {
        failed = true;
        log(`FLAGGED: ${problems.join('; ')}`);
      }
    },
    get failed() {
      return failed;
    },
    finish() {
      const warning = noise.warning();
      if (warning) print(warning);
      if (failed) {
        print('RESULT: some parts failed or had errors (see FAILED / FLAGGED above).');
        process.exitCode = 1;
      }
    },
  };
}
