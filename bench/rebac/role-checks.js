// One process, casbin and Tessera side by side on the same role assignments (organization admin and member, team
// membership with nested teams): casbin's RBAC with domains `enforce` against Tessera's Check, in alternating rounds,
// one at a time, and prints one JSON line. `node role-checks.js '<spec as JSON>'`; casbin comes from bench/peers.
import { createRequire } from 'node:module';
import { compileModelDsl, createRebacEngine, MemoryTupleStore } from '@tessera/rebac';
import { closedLoop } from './closed-loop.js';
import { generateTuples, MODEL_DSL, sampleRoleChecks, shapeFor } from './dataset.js';
import { PEERS_DIR } from './peers.js';

const require = createRequire(`${PEERS_DIR}/`);
const casbin = await import(require.resolve('casbin'));

// casbin's own RBAC-with-domains model (examples/rbac_with_domains_model.conf).
const CASBIN_MODEL = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
`;

const spec = JSON.parse(process.argv[2]);
const shape = shapeFor(spec.tuples);
const domainOf = (object) => /^(?:organization|team):(o\d+)/.exec(object)[1];
const isRole = ({ relation }) => relation === 'admin' || relation === 'member';

// The role tuples of the data set, written to both. casbin: an organization role is role:admin or role:member in
// the organization's domain (role:admin inheriting role:member), a team is a role of its own, a nested team a role
// that inherits the one it is in; a policy per role grants the (object, relation) the Tessera check names.
const model = compileModelDsl(MODEL_DSL);
const store = new MemoryTupleStore();
const engine = createRebacEngine();
const grouping = [];
const policies = [];
const teams = new Set();
for (let o = 0; o < shape.organizations; o++) {
  grouping.push(['role:admin', 'role:member', `o${o}`]);
  policies.push(['role:admin', `o${o}`, `organization:o${o}`, 'admin']);
  policies.push(['role:member', `o${o}`, `organization:o${o}`, 'member']);
}
let roleTuples = 0;
const tesseraStart = performance.now();
for (const batch of generateTuples(shape, 100)) {
  const roles = batch.filter(isRole);
  if (roles.length === 0) continue;
  roleTuples += roles.length;
  await engine.write(store, model, { writes: roles });
  for (const { user, relation, object } of roles) {
    const domain = domainOf(object);
    if (object.startsWith('organization:')) grouping.push([user, `role:${relation}`, domain]);
    else {
      grouping.push([user.replace(/#member$/, ''), object, domain]);
      for (const team of [object, user.replace(/#member$/, '')]) {
        if (!team.startsWith('team:') || teams.has(team)) continue;
        teams.add(team);
        policies.push([team, domain, team, 'member']);
      }
    }
  }
}
const tesseraLoadSeconds = (performance.now() - tesseraStart) / 1000;
const casbinStart = performance.now();
const enforcer = await casbin.newEnforcer(casbin.newModelFromString(CASBIN_MODEL));
await enforcer.addPolicies(policies);
await enforcer.addGroupingPolicies(grouping);
const casbinLoadSeconds = (performance.now() - casbinStart) / 1000;

const checks = sampleRoleChecks(shape, spec.checkPool);
const target = { model, store };
const contenders = {
  tessera: (i) => engine.check(target, { tupleKey: checks[i % checks.length] }).then((r) => r.allowed),
  casbin: (i) => {
    const { user, relation, object } = checks[i % checks.length];
    return enforcer.enforce(user, domainOf(object), object, relation);
  },
};

// Both must give the same answers (run.js also compares them with the reference evaluator).
const answers = {};
for (const [name, run] of Object.entries(contenders)) {
  answers[name] = '';
  for (let i = 0; i < Math.min(spec.answerCount, checks.length); i++)
    answers[name] += (await run(i)) ? '1' : '0';
}

const rounds = [];
for (let round = 0; round < spec.rounds; round++) {
  const order = round % 2 === 0 ? ['casbin', 'tessera'] : ['tessera', 'casbin'];
  const results = {};
  for (const name of order) {
    results[name] = await closedLoop(contenders[name], {
      concurrency: 1,
      warmupSeconds: spec.warmupSeconds,
      durationSeconds: spec.durationSeconds,
      maxOperations: 2_000_000,
    });
  }
  rounds.push(results);
}

process.stdout.write(
  `${JSON.stringify({
    shape,
    roleTuples,
    casbin: { policies: policies.length, groupingPolicies: grouping.length, loadSeconds: casbinLoadSeconds },
    tessera: { tuples: store.size, loadSeconds: tesseraLoadSeconds },
    answers,
    rounds,
  })}\n`,
);
