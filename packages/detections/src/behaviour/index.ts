/** Identity and endpoint behaviour detections as stateful pure functions over OCSF events. */
export { type BehaviourFindingInput, behaviourFinding } from './behaviour-finding.js';
export {
  type BruteForceOptions,
  type BruteForceState,
  detectBruteForce,
  emptyBruteForceState,
} from './brute-force.js';
export {
  addToSequence,
  type SequenceEntry,
  type SequenceHit,
  type SequenceOptions,
} from './failures-then-success.js';
export {
  detectFirstSeenProcess,
  emptyFirstSeenProcessState,
  type FirstSeenProcessOptions,
  type FirstSeenProcessState,
} from './first-seen-process.js';
export { distanceKm } from './geo.js';
export {
  detectImpossibleTravel,
  emptyTravelState,
  type SignIn,
  type TravelOptions,
  type TravelState,
} from './impossible-travel.js';
export {
  detectMfaFatigue,
  emptyMfaFatigueState,
  type MfaFatigueOptions,
  type MfaFatigueState,
} from './mfa-fatigue.js';
