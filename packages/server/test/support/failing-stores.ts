// The stores with one method of one store failing, in every unit of work over them too: for tests that a
// composed write keeps nothing when one of its steps fails.
import type { Stores } from '../../src/store/stores.js';

type StoreName = Exclude<keyof Stores, 'transaction'>;

export function withFailingMethod<Name extends StoreName>(
  stores: Stores,
  storeName: Name,
  method: keyof Stores[Name] & string,
  failure: Error,
): Stores {
  const store = stores[storeName] as object;
  const failing = new Proxy(store, {
    get(target, property) {
      if (property === method) return () => Promise.reject(failure);
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    ...stores,
    [storeName]: failing,
    transaction: (work) =>
      stores.transaction((unit) => work(withFailingMethod(unit, storeName, method, failure))),
  };
}
