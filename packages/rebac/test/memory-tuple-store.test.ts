// The memory store passes the TupleStore conformance suite with no exceptions.
import { MemoryTupleStore } from '../src/index.js';
import { describeTupleStoreConformance } from '../src/testing/index.js';

describeTupleStoreConformance('MemoryTupleStore', { createStore: () => new MemoryTupleStore() });
