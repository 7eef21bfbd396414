// Load generator for Check over HTTP (its own process): `concurrency` callers on keep-alive connections, each
// POSTing OpenFGA's /stores/{id}/check and awaiting the answer before the next, through a warm-up and a measured
// phase; first the answers to the first sampled checks, for run.js to compare with the reference evaluator.
// `node http-check-load.js '<spec as JSON>'` prints one JSON line.
import { createHttpClient } from '../lib/http-client.js';
import { closedLoop } from './closed-loop.js';
import { sampleChecks, shapeFor } from './dataset.js';

const spec = JSON.parse(process.argv[2]);
const checks = sampleChecks(shapeFor(spec.tuples), spec.checkPool);
const client = createHttpClient({ connections: Math.max(...spec.concurrencies) });
const url = new URL(`${spec.apiUrl}/stores/${spec.storeId}/check`);
const headers = { authorization: `Bearer ${spec.accessToken}`, 'content-type': 'application/json' };

async function check(i) {
  const { user, relation, object } = checks[i % checks.length];
  const body = JSON.stringify({
    tuple_key: { user, relation, object },
    authorization_model_id: spec.modelId,
  });
  const response = await client.send(url, { method: 'POST', headers, body });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body).allowed === true;
}

// As many answers as `answerSeconds` allow: on a slow store the first 2,000 checks could take minutes.
let answers = '';
const answerDeadline = performance.now() + spec.answerSeconds * 1000;
for (let i = 0; i < spec.answerCount && performance.now() < answerDeadline; i++)
  answers += (await check(i)) ? '1' : '0';

const runs = {};
for (const concurrency of spec.concurrencies) {
  runs[`c${concurrency}`] = await closedLoop(check, {
    concurrency,
    warmupSeconds: spec.warmupSeconds,
    durationSeconds: spec.durationSeconds,
    maxOperations: 1_000_000,
  });
}
client.close();
process.stdout.write(`${JSON.stringify({ answers, runs })}\n`);
