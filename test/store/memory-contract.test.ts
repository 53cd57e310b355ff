// The shared EventStore contract against the embedded memory store.
import { MemoryEventStore } from '../../src/store/memory-store.js';
import { defineStoreContract } from './contract.js';

defineStoreContract('memory', { create: () => new MemoryEventStore({ maxEvents: 1000 }) });
