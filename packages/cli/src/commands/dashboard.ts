import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDashboardHandler,
  createTokenAuthenticator,
  generateAccessToken,
  recordSocActivity,
} from '@openmdr/dashboard';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { openSocRuntime, principalOf, SOC_OPTIONS } from '../soc/soc-arguments.js';

const TOKEN_VARIABLE = 'OPENMDR_DASHBOARD_TOKEN';

/** `openmdr dashboard`: serves the live SOC dashboard and its JSON API over a store. */
export const dashboardCommand: DefinedCommand = defineCommand({
  path: ['dashboard'],
  summary: 'Serve the live SOC dashboard and its JSON API over a store until SIGINT or SIGTERM',
  description: `Serves the SOC dashboard (the single-page app, the JSON API under /api and the live event stream
/api/events) over the cases, approvals, SLA clocks, audit logs and recorded findings of a store,
for one principal: --principal with --roles on the --tenant list.

The principal signs in with a bearer token: the value of ${TOKEN_VARIABLE} (at least 16
characters), or a random token made at start. The address printed on standard output carries it
in its fragment (#token=…), which the page moves to the tab's session storage and never sends in
a URL. Treat the line as a secret.

The live parts follow this process's own bus: approvals decided and comments added in the page
show at once; cases, approvals and clocks changed by other processes show as the page refreshes
(on its next event, and every minute). Embed @openmdr/dashboard in the process that runs triage
and response for a live view of everything.`,
  options: [
    ...SOC_OPTIONS,
    {
      name: 'host',
      type: 'string',
      valueName: 'ADDRESS',
      default: '127.0.0.1',
      description: 'the address to listen on (loopback by default)',
    },
    {
      name: 'port',
      type: 'string',
      valueName: 'N',
      default: '8787',
      description: 'the port to listen on; 0 picks a free one',
    },
  ],
  output: `One line once listening: "openmdr dashboard: http://HOST:PORT/#token=TOKEN (signed in as ID)".`,
  exitCodes: {
    0: 'stopped by SIGTERM or SIGINT',
    2: 'usage error: a missing or bad option, an unreadable policy, an unreachable store',
  },
  examples: [
    {
      command:
        'openmdr dashboard --store pglite:examples/quickstart/.openmdr/pglite --tenant acme-corp --principal lead@mssp.example --roles viewer,analyst,approver --groups soc-leads',
      description: "the quickstart's data, for a SOC lead who may approve",
    },
    {
      command:
        "openmdr dashboard --store 'postgres:postgres://mdr@pg/mdr' --tenant '*' --roles viewer,mssp --host 0.0.0.0 --port 8080",
      description: `an MSSP's read-only cross-tenant view behind a proxy, its token set in ${TOKEN_VARIABLE}`,
    },
  ],
  async run({ args, io, name }): Promise<number> {
    const principal = principalOf(args);
    const port = Number(args.string('port'));
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port: ${args.string('port')} is not a port number`);
    const token = process.env[TOKEN_VARIABLE] ?? generateAccessToken();
    let authenticate: ReturnType<typeof createTokenAuthenticator>;
    try {
      authenticate = createTokenAuthenticator({ tokens: [{ token, principal }] });
    } catch (error) {
      throw new UsageError(`${TOKEN_VARIABLE}: ${(error as Error).message}`);
    }
    const runtime = await openSocRuntime(args);
    const recorder = recordSocActivity({ store: runtime.store, bus: runtime.bus });
    const handler = createDashboardHandler({
      operations: runtime.operations,
      authenticate,
      onError: (error) => io.stderr.write(`${name}: ${(error as Error).message}\n`),
    });
    const server = createServer((request, response) => handler(request, response));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, args.string('host') as string, resolve);
      });
    } catch (error) {
      await runtime.close();
      throw new UsageError(
        `cannot listen on ${args.string('host')}:${port}: ${(error as Error).message}`,
      );
    }
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    io.stdout.write(
      `${name}: http://${host}:${address.port}/#token=${token} (signed in as ${principal.id})\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    recorder.stop();
    await recorder.flush();
    await runtime.close();
    return 0;
  },
});
