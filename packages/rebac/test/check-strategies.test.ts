// Check's two ways of resolving a userset (`team:eng#member` on a folder): forward, expanding the team and its nested
// teams, or from the user's side, reading up from the user through the reverse index once per request. Both must
// give the same answers, with wildcards, cycles and depth limits; the user-side one reads less.
import { describe, expect, it } from 'vitest';
import {
  type CompiledModel,
  compileModelDsl,
  createRebacEngine,
  isRebacError,
  MemoryTupleStore,
  type TupleKey,
  type TupleStore,
} from '../src/index.js';
import { AsyncCombinedTupleStore, AsyncOnlyTupleStore } from './support/async-only-store.js';
import { ForwardOnlyTupleStore } from './support/forward-only-store.js';

const MODEL = `model
  schema 1.1
type user
type team
  relations
    define member: [user, user:*, team#member]
type folder
  relations
    define parent: [folder]
    define viewer: [user, team#member] or viewer from parent
`;

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });
const engine = createRebacEngine();

/** The same tuples seen four ways: user-side (sync; promises; promises with the combined read), forward only. */
async function stores(
  tuples: TupleKey[],
): Promise<{ model: CompiledModel; targets: Record<string, TupleStore> }> {
  const model = compileModelDsl(MODEL);
  const store = new MemoryTupleStore();
  await engine.write(store, model, { writes: tuples });
  return {
    model,
    targets: {
      userSide: store,
      userSideAsync: new AsyncOnlyTupleStore(store),
      userSideCombined: new AsyncCombinedTupleStore(store),
      forward: new ForwardOnlyTupleStore(store),
    },
  };
}

async function answers(
  tuples: TupleKey[],
  checks: TupleKey[],
): Promise<Record<string, (boolean | number)[]>> {
  const { model, targets } = await stores(tuples);
  const out: Record<string, (boolean | number)[]> = {};
  for (const [name, store] of Object.entries(targets)) {
    out[name] = [];
    for (const tupleKey of checks) {
      try {
        out[name].push((await engine.check({ model, store }, { tupleKey })).allowed);
      } catch (error) {
        out[name].push(isRebacError(error) ? error.code : -1);
      }
    }
  }
  return out;
}

describe('usersets resolved from the user side and forward', () => {
  it('agree on nested teams, a wildcard member and a cycle', async () => {
    const tuples = [
      t('team:squad', 'member', 'user:anne'),
      t('team:dept', 'member', 'team:squad#member'),
      t('team:open', 'member', 'user:*'),
      t('team:a', 'member', 'team:b#member'),
      t('team:b', 'member', 'team:a#member'),
      t('team:b', 'member', 'user:carl'),
      t('folder:top', 'viewer', 'team:dept#member'),
      t('folder:mid', 'parent', 'folder:top'),
      t('folder:pub', 'viewer', 'team:open#member'),
      t('folder:loop', 'viewer', 'team:a#member'),
    ];
    const checks = [
      t('folder:mid', 'viewer', 'user:anne'),
      t('folder:mid', 'viewer', 'user:bob'),
      t('folder:pub', 'viewer', 'user:bob'),
      t('folder:loop', 'viewer', 'user:carl'),
      t('folder:loop', 'viewer', 'user:anne'),
      t('team:a', 'member', 'user:carl'),
      t('team:dept', 'member', 'user:anne'),
    ];
    const expected = [true, false, true, true, false, true, true];
    expect(await answers(tuples, checks)).toEqual({
      userSide: expected,
      userSideAsync: expected,
      userSideCombined: expected,
      forward: expected,
    });
  });

  it('agree on the depth limit: 2002 past it, an answer within it', async () => {
    const chain = Array.from({ length: 30 }, (_, i) => t(`team:g${i}`, 'member', `team:g${i + 1}#member`));
    const tuples = [
      ...chain,
      t('team:g30', 'member', 'user:anne'),
      t('folder:f', 'viewer', 'team:g0#member'),
    ];
    const checks = [
      t('folder:f', 'viewer', 'user:anne'),
      t('team:g8', 'member', 'user:anne'),
      t('team:g0', 'member', 'user:anne'),
    ];
    const expected = [2002, true, 2002];
    expect(await answers(tuples, checks)).toEqual({
      userSide: expected,
      userSideAsync: expected,
      userSideCombined: expected,
      forward: expected,
    });
  });

  it('reads each team once from the user side instead of expanding every team on the path', async () => {
    const squads = Array.from({ length: 6 }, (_, i) => `team:s${i}`);
    const tuples = [
      ...squads.map((squad) => t('team:dept', 'member', `${squad}#member`)),
      ...squads.map((squad, i) => t(squad, 'member', `user:u${i}`)),
      t('folder:top', 'viewer', 'team:dept#member'),
      t('folder:top', 'viewer', 'team:s5#member'),
    ];
    const { model, targets } = await stores(tuples);
    const reads = async (store: TupleStore): Promise<number> => {
      let count = 0;
      const counting = new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function' || !String(property).startsWith('read')) return value;
          return (...args: unknown[]) => {
            count++;
            return value.apply(target, args);
          };
        },
      });
      const tupleKey = t('folder:top', 'viewer', 'user:nobody');
      expect((await engine.check({ model, store: counting }, { tupleKey })).allowed).toBe(false);
      return count;
    };
    const forward = await reads(targets.forward as TupleStore);
    const userSide = await reads(targets.userSide as TupleStore);
    // Forward: the folder, its parent, the department and each of its six squads; user side: the folder, its
    // parent, and the user's (no) teams, directly and through user:*.
    expect({ forward, userSide }).toEqual({ forward: 9, userSide: 4 });
  });
});
