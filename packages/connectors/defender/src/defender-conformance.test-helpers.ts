// The test tenant's config, secrets and fixture ids, shared by the conformance test and by the
// response package's tests (which import this file by path).
import { registerSimulator } from '@openmdr/connector-kit/simulator';
import type { VendorSimulator } from '@openmdr/connector-kit/testing';
import {
  DEFENDER_CLIENT_ID,
  DEFENDER_CLIENT_SECRET,
  DEFENDER_TENANT,
  defenderFixtures,
} from './defender-simulator.test-helpers.js';

/** The stream look-back used in the conformance tests. */
export const LOOKBACK_MS = 10 * 60_000;
/** Secrets of the test tenant. */
export const secrets = { 'defender.client_secret': DEFENDER_CLIENT_SECRET };
/** A machine of the fixtures. */
export const machine = String(defenderFixtures('machines')[0]?.['id']);
/** A Graph alert of the fixtures. */
export const xdrAlert = String(defenderFixtures('xdr-alerts')[0]?.['id']);
/** An incident of the fixtures. */
export const incident = String(defenderFixtures('incidents')[0]?.['id']);

/** A config pointing every Defender endpoint at a running simulator. */
export function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    cloud: 'gcc-high',
    tenantId: DEFENDER_TENANT,
    clientId: DEFENDER_CLIENT_ID,
    loginBaseUrl: simulator.url,
    endpointBaseUrl: simulator.url,
    graphBaseUrl: simulator.url,
    startAt: '2026-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 6,
  };
}
