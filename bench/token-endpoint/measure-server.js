// Measures one server at one alg: start it, check one token, load it from a separate process, stop it. A server may
// name more form parameters for its token requests (`tokenForm`, e.g. Tessera's `organization=`), and `onSample` is
// given the checked token and the running server before the load (for measurements that need a real token).
import { fileURLToPath } from 'node:url';
import { outputTail, runLoadGenerator } from '../lib/processes.js';
import { clientCredentialsRequest, verifyTokenEndpoint } from '../lib/token-request.js';

const LOAD_SCRIPT = fileURLToPath(new URL('./load.js', import.meta.url));

export async function measureServer(start, alg, settings, log, { onSample } = {}) {
  const server = await start(alg);
  try {
    const form = server.tokenForm ?? '';
    const sample = await verifyTokenEndpoint(server.tokenEndpoint, server.credentials, alg, form);
    log(
      `token check: HTTP 200, header ${JSON.stringify(sample.header)}, ${sample.tokenLength}-char token, ` +
        `claims ${Object.keys(sample.claims).join(' ')}`,
    );
    const extra = onSample ? await onSample(sample, server) : undefined;
    const spec = {
      url: server.tokenEndpoint,
      ...clientCredentialsRequest(server.credentials, form),
      connections: settings.connections,
      pipelining: settings.pipelining,
      warmupSeconds: settings.warmupSeconds,
      durationSeconds: settings.durationSeconds,
    };
    const outputBefore = server.child.outputBytes;
    const load = await runLoadGenerator(LOAD_SCRIPT, spec);
    const { measured, warmup } = load;
    const problems = [];
    for (const [phase, result] of [
      ['measured', measured],
      ['warm-up', warmup],
    ]) {
      if (!result) continue;
      if (result.non2xx > 0)
        problems.push(`${phase}: ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}`);
      if (result.errors > 0)
        problems.push(`${phase}: ${result.errors} connection errors (${result.timeouts} timeouts)`);
    }
    const { exitCode, signalCode } = server.child;
    if (exitCode !== null || signalCode !== null) {
      problems.push(
        `server exited during load (${exitCode ?? signalCode}); its last output:\n${outputTail(server.child)}`,
      );
    }
    return {
      okPerSecond: measured.okPerSecond,
      measured,
      warmup,
      sample,
      problems,
      serverOutputBytes: server.child.outputBytes - outputBefore,
      extra,
    };
  } finally {
    await server.stop();
  }
}
