// The test workspace's config, secrets and fixtures, shared by the conformance and simulator tests.
import { readFileSync } from 'node:fs';
import { registerSimulator, type SimulatorRecord } from '@openmdr/connector-kit/simulator';
import type { VendorSimulator } from '@openmdr/connector-kit/testing';
import {
  SENTINEL_CLIENT_ID,
  SENTINEL_CLIENT_SECRET,
  SENTINEL_DCR_ID,
  SENTINEL_DCR_STREAM,
  SENTINEL_RESOURCE_GROUP,
  SENTINEL_SUBSCRIPTION,
  SENTINEL_TENANT,
  SENTINEL_WORKSPACE_ID,
  SENTINEL_WORKSPACE_NAME,
} from './simulator/routes.js';

/** The stream look-back used in the tests. */
export const LOOKBACK_MS = 10 * 60_000;
/** Secrets of the test tenant. */
export const secrets = { 'sentinel.client_secret': SENTINEL_CLIENT_SECRET };

/** A fixture file of `__fixtures__` (`incidents`, `security-alerts`). */
export function sentinelFixtures(name: string): SimulatorRecord[] {
  return JSON.parse(
    readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
}

/** A config pointing every Sentinel API at a running simulator (registered for its routes). */
export function config(simulator: VendorSimulator, overrides: Record<string, unknown> = {}) {
  registerSimulator(simulator);
  return {
    cloud: 'usgov',
    tenantId: SENTINEL_TENANT,
    clientId: SENTINEL_CLIENT_ID,
    subscriptionId: SENTINEL_SUBSCRIPTION,
    resourceGroup: SENTINEL_RESOURCE_GROUP,
    workspaceName: SENTINEL_WORKSPACE_NAME,
    workspaceId: SENTINEL_WORKSPACE_ID,
    loginBaseUrl: simulator.url,
    armBaseUrl: simulator.url,
    logAnalyticsBaseUrl: simulator.url,
    ingestion: {
      endpoint: simulator.url,
      dcrImmutableId: SENTINEL_DCR_ID,
      stream: SENTINEL_DCR_STREAM,
    },
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 5,
    queryRowLimit: 6,
    query: 'SecurityAlert',
    ...overrides,
  };
}
