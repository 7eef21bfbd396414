// Child process: drives one server with autocannon (warm-up, then a timed measurement) and prints a JSON summary.
// Usage: node load.js '<json: {url, method, headers, body, connections, pipelining, warmupSeconds, durationSeconds}>'
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);

function run(seconds) {
  return autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    pipelining: spec.pipelining,
    duration: seconds,
    timeout: 10,
  });
}

function summary(result) {
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]),
  );
  return {
    seconds: result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    // Successful responses per second over the whole measured interval.
    okPerSecond: result['2xx'] / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

const warmup = spec.warmupSeconds > 0 ? summary(await run(spec.warmupSeconds)) : undefined;
const measured = summary(await run(spec.durationSeconds));
process.stdout.write(`${JSON.stringify({ warmup, measured })}\n`);
