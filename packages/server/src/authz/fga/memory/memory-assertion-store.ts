// AssertionStore in the serving process's memory (TESSERA_FGA_DATASTORE=memory): each model's assertions, replaced
// whole.
import type { Assertion, AssertionStore } from '../assertion-store.js';
import type { ForgetsStores } from './memory-fga-store-catalog.js';

export class MemoryAssertionStore implements AssertionStore, ForgetsStores {
  readonly #assertions = new Map<string, Map<string, readonly Assertion[]>>();

  async write(storeId: string, modelId: string, assertions: readonly Assertion[]): Promise<void> {
    let models = this.#assertions.get(storeId);
    if (!models) {
      models = new Map();
      this.#assertions.set(storeId, models);
    }
    models.set(modelId, structuredClone(assertions));
  }

  async read(storeId: string, modelId: string): Promise<readonly Assertion[]> {
    return structuredClone(this.#assertions.get(storeId)?.get(modelId) ?? []);
  }

  forgetStore(storeId: string): void {
    this.#assertions.delete(storeId);
  }
}
