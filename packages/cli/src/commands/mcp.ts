import type { Readable, Writable } from 'node:stream';
import { createMcpServer, serveMcpOverStdio } from '@openmdr/mcp';
import { AuditLog } from '@openmdr/response';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { openSocRuntime, principalOf, SOC_OPTIONS } from '../soc/soc-arguments.js';

/** `openmdr mcp`: the SOC operations as MCP tools for a local agent, over stdio. */
export const mcpCommand: DefinedCommand = defineCommand({
  path: ['mcp'],
  summary: 'Serve the SOC operations as Model Context Protocol tools over stdio, for a local agent',
  description: `Runs a Model Context Protocol server on standard input and output — the way a local agent (Claude
Desktop, an IDE, an agent framework) starts one — exposing the SOC operations of a store as tools:
search_findings, search_cases, get_case, sla_status, list_pending_approvals, overview,
explain_score, run_hunt, add_case_comment and propose_action.

Every call runs as one principal (--principal with --roles on the --tenant list) under the same
tenant and role checks as the dashboard, and is written to the tenant's audit log (access.call).
propose_action evaluates the --policy and requests an approval; it never executes anything, and
no tool approves: a person decides, in the dashboard or the host's console. Standard output
carries the protocol only; problems go to standard error. Ends when the client closes the input.`,
  options: [...SOC_OPTIONS],
  output: 'The MCP protocol (JSON-RPC messages, one per line) on standard output.',
  exitCodes: {
    0: 'the client closed the connection',
    2: 'usage error: a missing or bad option, an unreadable policy, an unreachable store',
  },
  examples: [
    {
      command:
        'openmdr mcp --store pglite:examples/quickstart/.openmdr/pglite --tenant acme-corp --principal agent@mssp.example --roles viewer,analyst',
      description: "an analyst agent over the quickstart's data (the command an MCP client starts)",
    },
  ],
  async run({ args, io, name }): Promise<number> {
    const principal = principalOf(args);
    const runtime = await openSocRuntime(args);
    const server = createMcpServer({
      operations: runtime.operations,
      principal,
      audit: (tenant) => new AuditLog(runtime.store.forTenant(tenant)),
      onError: (error) => io.stderr.write(`${name}: ${(error as Error).message}\n`),
    });
    const session = await serveMcpOverStdio(server, {
      stdin: io.stdin as Readable,
      // The protocol goes to the command's stdout, which `write` is all the transport uses of.
      stdout: io.stdout as Writable,
    });
    await session.closed;
    await runtime.close();
    return 0;
  },
});
