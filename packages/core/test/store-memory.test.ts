import { openMemoryStore, openStore } from '../src/index.js';
import { describeStoreContract } from './support/store-contract.js';

describeStoreContract('memory', {
  open: async (clock) => openMemoryStore({ clock }),
  injectedClock: true,
});

describeStoreContract('memory through openStore', {
  open: async (clock) => openStore({ kind: 'memory', clock }),
  injectedClock: true,
});
