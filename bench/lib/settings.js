// Reads the benchmarks' settings from the environment: phase lengths (BENCH_WARMUP_SECONDS and friends), profiling.

export function secondsFromEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!(value >= 0 && value <= 120)) throw new Error(`${name} must be a number of seconds from 0 to 120`);
  return value;
}

/** BENCH_ROUNDS: how many alternating rounds a benchmark that interleaves its contenders runs (1 to 15). */
export function roundsFromEnv(fallback) {
  const value = Number(process.env.BENCH_ROUNDS ?? fallback);
  if (!(Number.isInteger(value) && value >= 1 && value <= 15))
    throw new Error('BENCH_ROUNDS must be a whole number from 1 to 15');
  return value;
}

/**
 * With BENCH_CPU_PROF_DIR set, the `node` flags that make a server write a V8 CPU profile there when it stops
 * (open it in Chrome DevTools or speedscope); none otherwise.
 */
export function cpuProfileArgs() {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
