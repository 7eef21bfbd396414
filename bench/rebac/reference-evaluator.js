// A brute-force evaluator of the benchmark's one model (dataset.js), written independently of every engine: the
// fewest tuples that prove a check (Infinity when denied). It tells how deep the sampled checks go, gives each check's
// expected answer, and so catches a contender that is fast because it answers wrongly.

// MODEL_DSL's rewrites, by hand: `direct` (tuples on the object, a userset costing its own proof), a computed
// relation on the same object, or `from` (tuple to userset: the tupleset's objects, then the relation on them).
const RULES = {
  'organization#admin': [{ direct: true }],
  'organization#member': [{ direct: true }, { computed: 'admin' }],
  'team#member': [{ direct: true }],
  'folder#owner': [{ direct: true }, { tupleset: 'parent', relation: 'owner' }],
  'folder#editor': [{ direct: true }, { computed: 'owner' }, { tupleset: 'parent', relation: 'editor' }],
  'folder#viewer': [{ direct: true }, { computed: 'editor' }, { tupleset: 'parent', relation: 'viewer' }],
  'document#owner': [{ direct: true }],
  'document#editor': [{ direct: true }, { computed: 'owner' }, { tupleset: 'parent', relation: 'editor' }],
  'document#viewer': [{ direct: true }, { computed: 'editor' }, { tupleset: 'parent', relation: 'viewer' }],
  'document#can_delete': [{ computed: 'owner' }, { tupleset: 'parent', relation: 'owner' }],
};

/** An index of the tuples (object#relation -> users), fed batch by batch. */
export function createReferenceIndex() {
  const forward = new Map();
  return {
    add(tuples) {
      for (const { object, relation, user } of tuples) {
        const key = `${object}#${relation}`;
        const users = forward.get(key);
        if (users) users.push(user);
        else forward.set(key, [user]);
      }
    },
    /** The fewest tuples that prove `user` has `relation` on `object`; Infinity if none does (denied). */
    proofLength({ user, relation, object }) {
      const memo = new Map();
      const cost = (obj, rel) => {
        const key = `${obj}#${rel}`;
        const known = memo.get(key);
        if (known !== undefined) return known;
        memo.set(key, Number.POSITIVE_INFINITY); // the data is acyclic; this only stops a bad model from looping
        let best = Number.POSITIVE_INFINITY;
        for (const rule of RULES[`${obj.slice(0, obj.indexOf(':'))}#${rel}`] ?? []) {
          if (rule.direct) {
            for (const u of forward.get(key) ?? []) {
              if (u === user) best = Math.min(best, 1);
              const hash = u.indexOf('#');
              if (hash > 0) best = Math.min(best, 1 + cost(u.slice(0, hash), u.slice(hash + 1)));
            }
          } else if (rule.computed) {
            best = Math.min(best, cost(obj, rule.computed));
          } else {
            for (const parent of forward.get(`${obj}#${rule.tupleset}`) ?? [])
              best = Math.min(best, 1 + cost(parent, rule.relation));
          }
        }
        memo.set(key, best);
        return best;
      };
      return cost(object, relation);
    },
  };
}

/** The share allowed and how many checks need 1, 2, ... tuples of proof. */
export function proofHistogram(lengths) {
  const allowed = lengths.filter(Number.isFinite);
  const byLength = new Map();
  for (const length of allowed) byLength.set(length, (byLength.get(length) ?? 0) + 1);
  return {
    count: lengths.length,
    allowed: allowed.length,
    allowedShare: lengths.length === 0 ? Number.NaN : allowed.length / lengths.length,
    maxProof: allowed.length === 0 ? 0 : Math.max(...allowed),
    byLength: [...byLength].sort((a, b) => a[0] - b[0]),
  };
}
