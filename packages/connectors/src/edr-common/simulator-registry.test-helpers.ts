// The registry moved into the public simulators (`@openmdr/connectors/simulators`).
export {
  liveRecords,
  pageToken,
  recordTime,
  registerSimulator,
  sortRecords,
} from '../simulators/simulator-registry.js';
