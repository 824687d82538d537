/**
 * Network containment for the quickstart: the tenant's published blocklist, served as External
 * Dynamic Lists (the plain-text lists PAN-OS, FortiGate and Check Point poll) by the response
 * package's EDL handler behind a per-tenant bearer token, and the customer's firewall, played by
 * a poll of that list.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '@openmdr/core';
import { createEdlHandler } from '@openmdr/response';

/** The running list server. */
export interface BlocklistServer {
  /** The tenant's IP list, as a firewall is configured to poll it. */
  readonly ipListUrl: string;
  /** Polls the IP list as the firewall does (with its token): the entries served now. */
  poll(): Promise<string[]>;
  close(): Promise<void>;
}

/** Serves the tenant's blocklists on loopback. */
export async function startBlocklistServer(store: Store, tenant: string): Promise<BlocklistServer> {
  const token = randomBytes(24).toString('base64url');
  const edl = createEdlHandler({
    store,
    credentials: (id) => (id === tenant ? { bearer: token } : undefined),
    tenants: (id) => id === tenant,
  });
  const server = createServer((request, response) => {
    edl(request, response).then(
      (handled) => {
        if (!handled) {
          response.statusCode = 404;
          response.end();
        }
      },
      () => {
        response.statusCode = 500;
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ipListUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edl/${tenant}/ip.txt`;
  return {
    ipListUrl,
    async poll() {
      const response = await fetch(ipListUrl, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`blocklist poll answered ${response.status}`);
      return (await response.text()).split('\n').filter((line) => line !== '');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The command-and-control address a finding points at: the destination of a beaconing finding,
 * or of a sensor's or EDR's finding in the Command and Control tactic (TA0011).
 */
export function c2AddressOf(finding: Record<string, unknown>): string | undefined {
  const info = finding['finding_info'] as
    | { analytic?: { uid?: string }; attacks?: { tactic?: { uid?: string } }[] }
    | undefined;
  const beacon = info?.analytic?.uid === 'network.beaconing';
  const c2 = (info?.attacks ?? []).some((attack) => attack.tactic?.uid === 'TA0011');
  if (!beacon && !c2) return undefined;
  const evidences = (finding['evidences'] ?? []) as { dst_endpoint?: { ip?: string } }[];
  return evidences.find((evidence) => evidence.dst_endpoint?.ip !== undefined)?.dst_endpoint?.ip;
}
