import { MemoryCounterStore } from '../../src/limits/memory-counter-store.js';
import { describeCounterStoreConformance } from './counter-store-conformance.js';

describeCounterStoreConformance('memory', {
  async open() {
    return { counters: new MemoryCounterStore(), close: async () => {} };
  },
});
