// One process: generates the data set and answers the sampled checks with the reference evaluator, then prints one
// JSON line: the data set's size and make-up, how long generating it takes, the expected answers and how many tuples
// of proof the allowed ones need. `node reference.js '<spec as JSON>'`.
import { generateTuples, sampleChecks, sampleRoleChecks, shapeFor } from './dataset.js';
import { createReferenceIndex, proofHistogram } from './reference-evaluator.js';

const spec = JSON.parse(process.argv[2]);
const shape = shapeFor(spec.tuples);

// Generation alone, timed on its own: the engines' load times include it.
let start = performance.now();
let tuples = 0;
for (const batch of generateTuples(shape, 100)) tuples += batch.length;
const generateSeconds = (performance.now() - start) / 1000;

const index = createReferenceIndex();
const byRelation = new Map();
for (const batch of generateTuples(shape)) {
  index.add(batch);
  for (const { object, relation } of batch) {
    const key = `${object.slice(0, object.indexOf(':'))}#${relation}`;
    byRelation.set(key, (byRelation.get(key) ?? 0) + 1);
  }
}

start = performance.now();
const expect = (checks) => {
  const lengths = checks.map((check) => index.proofLength(check));
  return {
    answers: lengths.map((l) => (Number.isFinite(l) ? '1' : '0')).join(''),
    proof: proofHistogram(lengths),
  };
};
const checks = expect(sampleChecks(shape, spec.answerCount));
const byCheckRelation = {};
for (const relation of ['viewer', 'editor', 'can_delete']) {
  const sample = sampleChecks(shape, spec.answerCount).filter((check) => check.relation === relation);
  byCheckRelation[relation] = proofHistogram(sample.map((check) => index.proofLength(check)));
}
const roleChecks = expect(sampleRoleChecks(shape, spec.answerCount));

process.stdout.write(
  `${JSON.stringify({
    shape,
    tuples,
    generateSeconds,
    byRelation: [...byRelation],
    checks,
    byCheckRelation,
    roleChecks,
    evaluateSeconds: (performance.now() - start) / 1000,
  })}\n`,
);
