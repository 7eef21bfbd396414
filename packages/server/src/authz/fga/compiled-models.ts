// Compiled authorization models, kept by store and id: versions never change, so a compiled one is reused until it
// falls out of this bounded cache (least recently used first).
import { type CompiledModel, compileModelJson } from '@tessera/rebac';
import type { StoredAuthorizationModel } from './authorization-model-store.js';

const DEFAULT_MAX_MODELS = 200;

export class CompiledModels {
  readonly #max: number;
  readonly #models = new Map<string, CompiledModel>();

  constructor(max = DEFAULT_MAX_MODELS) {
    this.#max = max;
  }

  /** The compiled version `modelId` of the store, when it is kept. */
  kept(storeId: string, modelId: string): CompiledModel | undefined {
    const key = `${storeId}/${modelId}`;
    const model = this.#models.get(key);
    if (model) {
      this.#models.delete(key);
      this.#models.set(key, model);
    }
    return model;
  }

  compiled(stored: StoredAuthorizationModel): CompiledModel {
    const key = `${stored.storeId}/${stored.id}`;
    let model = this.#models.get(key);
    if (model) {
      this.#models.delete(key);
    } else {
      model = compileModelJson(stored.model, stored.id);
      if (this.#models.size >= this.#max) {
        const oldest = this.#models.keys().next();
        if (!oldest.done) this.#models.delete(oldest.value);
      }
    }
    this.#models.set(key, model);
    return model;
  }
}
