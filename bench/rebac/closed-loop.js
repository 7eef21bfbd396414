// The ReBAC benchmark's in-process load: `concurrency` callers, each awaiting one operation before starting the
// next, for a warm-up and then a measured phase, each bounded in time and in count; latency of every operation.

/**
 * Runs `operation(i)` (i = 0, 1, 2, ... across all callers) until `seconds` pass or `maxOperations` have started.
 * Returns the operations completed, the real duration, and the latency percentiles in ms; an operation that throws
 * counts as an error (the first message is kept) and the run goes on.
 */
async function phase(operation, { concurrency, seconds, maxOperations, first = 0, record }) {
  const latencies = record ? new Float64Array(maxOperations) : undefined;
  let started = 0;
  let done = 0;
  let errors = 0;
  let firstError;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const caller = async () => {
    while (started < maxOperations && performance.now() < deadline) {
      const i = started++;
      const t0 = performance.now();
      try {
        await operation(first + i);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
      if (latencies) latencies[done] = performance.now() - t0;
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - start) / 1000;
  const result = {
    operations: done,
    seconds: elapsed,
    perSecond: done / elapsed,
    errors,
    next: first + started,
  };
  if (firstError) result.firstError = String(firstError?.message ?? firstError);
  if (latencies) {
    const sorted = latencies.subarray(0, done).sort();
    const at = (q) => (done === 0 ? Number.NaN : sorted[Math.min(done - 1, Math.floor(q * done))]);
    result.latencyMs = { p50: at(0.5), p99: at(0.99), max: done === 0 ? Number.NaN : sorted[done - 1] };
  }
  return result;
}

/**
 * A warm-up (discarded) then a measured phase. `operation(i)` gets increasing indexes over both phases, so the
 * measured phase does not replay the warm-up's requests.
 */
export async function closedLoop(
  operation,
  { concurrency, warmupSeconds, durationSeconds, maxOperations, maxWarmupOperations = maxOperations },
) {
  const warmup = await phase(operation, {
    concurrency,
    seconds: warmupSeconds,
    maxOperations: maxWarmupOperations,
  });
  const measured = await phase(operation, {
    concurrency,
    seconds: durationSeconds,
    maxOperations,
    first: warmup.next,
    record: true,
  });
  return { ...measured, concurrency, warmupErrors: warmup.errors, warmupFirstError: warmup.firstError };
}
