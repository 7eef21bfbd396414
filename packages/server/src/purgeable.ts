// A store holding rows that expire: the server's periodic upkeep asks every such store to delete what is past its time.

export interface Purgeable {
  /** Deletes the rows that are of no use any more at `now` (epoch seconds), by this store's own retention rules. */
  purge(now: number): Promise<unknown>;
}

/** The stores among `stores` that expire rows, so that a new store takes part in the upkeep by implementing `purge`. */
export function purgeableStores(stores: object): Purgeable[] {
  return Object.values(stores).filter(isPurgeable);
}

function isPurgeable(store: unknown): store is Purgeable {
  return typeof store === 'object' && store !== null && typeof (store as Purgeable).purge === 'function';
}
