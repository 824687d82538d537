/**
 * The quickstart's SOC dashboard: the SOC operations over the run's store and bus, the JSON API
 * and the single-page dashboard on loopback, signed in with a random token for the SOC lead.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenMdrBus, Store } from '@openmdr/core';
import {
  createDashboardHandler,
  createSocOperations,
  createTokenAuthenticator,
  generateAccessToken,
  type Principal,
  recordSocActivity,
} from '@openmdr/dashboard';
import type { ApprovalService, AuditLog, ResponsePolicy, SlaPolicy } from '@openmdr/response';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  store: Store;
  bus: OpenMdrBus;
  tenant: string;
  slaPolicy: SlaPolicy;
  /** The response policy proposals from the dashboard are checked against. */
  policy: ResponsePolicy;
  /** The run's own approval service and audit log, so the page decides what the playbook waits on. */
  approvals: ApprovalService;
  audit: AuditLog;
  /** Who signs in with the printed token. */
  principal: Omit<Principal, 'tenants'>;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** The address to open, with the access token in the fragment (never sent to the server). */
  url: string;
  /** Stops the server and the recorder. */
  stop(): Promise<void>;
}

/** Starts recording the bus into the store and serves the dashboard on 127.0.0.1. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const recorder = recordSocActivity({ store: options.store, bus: options.bus });
  const operations = createSocOperations({
    store: options.store,
    bus: options.bus,
    tenants: () => [options.tenant],
    slaPolicy: options.slaPolicy,
    policy: options.policy,
    services: () => ({ approvals: options.approvals, audit: options.audit }),
  });
  const token = generateAccessToken();
  const handler = createDashboardHandler({
    operations,
    authenticate: createTokenAuthenticator({
      tokens: [{ token, principal: { ...options.principal, tenants: [options.tenant] } }],
    }),
  });
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      operations.close();
      await recorder.stop();
    },
  };
}
