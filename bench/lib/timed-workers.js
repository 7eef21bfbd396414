// Child-process side of the load generators: workers looping one unit of work through a warm-up and a measured window.
import { performance } from 'node:perf_hooks';

/**
 * Runs `unit(input)` in a loop for each of `inputs` at once, until `warmupSeconds + durationSeconds` have passed.
 * A unit that ends in the warm-up counts there, one that ends in the measured window counts there (with its
 * latency, and `onMeasured(result)` for its own figures), and one that ends after the window is not counted.
 * Failures are counted per phase, and their first 160 characters tallied in `errorSamples`.
 * Resolves with `{ warmup, measured: { ok, errors, seconds, perSecond }, latencies (sorted, ms), errorSamples }`.
 */
export async function runTimedWorkers(inputs, unit, { warmupSeconds, durationSeconds, onMeasured }) {
  const start = performance.now();
  const warmEnd = start + warmupSeconds * 1000;
  const end = warmEnd + durationSeconds * 1000;
  const warmup = { ok: 0, errors: 0 };
  const measured = { ok: 0, errors: 0 };
  const latencies = [];
  const errorSamples = {};

  async function worker(input) {
    while (performance.now() < end) {
      const began = performance.now();
      let result;
      let error;
      try {
        result = await unit(input);
      } catch (caught) {
        error = caught;
      }
      const done = performance.now();
      if (done > end) break; // finished after the window: neither counted nor an error
      const phase = done < warmEnd ? warmup : measured;
      if (error) {
        phase.errors++;
        const key = String(error.message).slice(0, 160);
        errorSamples[key] = (errorSamples[key] ?? 0) + 1;
        continue;
      }
      phase.ok++;
      if (phase === measured) {
        latencies.push(done - began);
        onMeasured?.(result);
      }
    }
  }

  await Promise.all(inputs.map(worker));
  latencies.sort((a, b) => a - b);
  return {
    warmup,
    measured: { ...measured, seconds: durationSeconds, perSecond: measured.ok / durationSeconds },
    latencies,
    errorSamples,
  };
}

/** The p-th percentile (0..100) of sorted values, NaN if there are none. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
