import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/** Streams of {@link serveMcpOverStdio}; default the process's standard input and output. */
export interface McpStdioStreams {
  readonly stdin?: Readable | undefined;
  readonly stdout?: Writable | undefined;
}

/** A server connected over stdio. */
export interface McpStdioSession {
  /** Settles when the client closes standard input (or {@link McpStdioSession.close} is called). */
  readonly closed: Promise<void>;
  /** Disconnects the server. */
  close(): Promise<void>;
}

/**
 * Connects an MCP server (from {@link createMcpServer}, with its principal fixed) to standard input
 * and output, the transport a local agent (Claude Desktop, an IDE) starts a server with. Standard
 * output carries the protocol only: log to standard error.
 *
 * @example
 * ```ts
 * const server = createMcpServer({ operations, principal });
 * const session = await serveMcpOverStdio(server);
 * await session.closed;
 * ```
 */
export async function serveMcpOverStdio(
  server: McpServer,
  streams: McpStdioStreams = {},
): Promise<McpStdioSession> {
  const stdin = streams.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, streams.stdout ?? process.stdout);
  let settle: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    settle = resolve;
  });
  transport.onclose = () => settle();
  const close = async () => {
    stdin.off('end', onEnd);
    await server.close();
    settle();
  };
  const onEnd = () => {
    void close();
  };
  stdin.once('end', onEnd);
  await server.connect(transport);
  return { closed, close };
}
