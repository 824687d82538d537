import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ConnectorContext } from '@openmdr/connector-kit';
import {
  type AwsSdkCommand,
  type AwsSendOptions,
  awsClientOptions,
  awsSend,
} from '@openmdr/connector-kit/aws';
import type { SecurityhubConfig } from './config.js';

/** The AWS Security Hub vendor client. */
export interface SecurityhubClient {
  /** The SDK client (region, endpoint, the tenant's credentials; SDK retries off). */
  readonly sdk: SecurityHubClient;
  /**
   * Sends a command with the kit's policies (`awsSend`: the tenant's budget, retries, typed
   * errors, refreshed credentials).
   */
  send: <C extends AwsSdkCommand>(
    command: C,
    options?: AwsSendOptions,
  ) => ReturnType<typeof awsSend<C>>;
  /**
   * The JSON body Security Hub answered to `command` (sent through
   * {@link SecurityhubClient.send}), for `GetFindings`: the ASFF findings exactly as written,
   * before the SDK's deserialisation.
   */
  rawBody(command: { readonly input: object }): unknown;
}

/** Commands whose response body is kept as Security Hub wrote it. */
const RAW_COMMANDS = new Set(['GetFindingsCommand']);

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

async function bytesOf(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Keeps the JSON body of the {@link RAW_COMMANDS}' successful responses, by command input: a
 * middleware inside the SDK's deserializer reads the body once and hands the deserializer the
 * same bytes.
 */
function keepRawBodies(sdk: SecurityHubClient, bodies: WeakMap<object, unknown>): void {
  sdk.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      if (RAW_COMMANDS.has(String(context.commandName)) && response.statusCode === 200) {
        const bytes = await bytesOf(response.body);
        response.body = bytes;
        bodies.set(args.input as object, JSON.parse(Buffer.from(bytes).toString('utf8')));
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'openmdrKeepRawBody' },
  );
}

/**
 * Builds the Security Hub client for a tenant: the SDK client from the kit's AWS options
 * (endpoint override `endpoint.securityhub`), commands sent through `awsSend`.
 */
export function createSecurityhubClient(
  config: SecurityhubConfig,
  context: ConnectorContext,
): SecurityhubClient {
  const options = awsClientOptions(config, context, 'securityhub');
  const sdk = new SecurityHubClient({
    ...options,
    // the SDK's node handler only warns when `requestTimeout` passes unless told to throw; the
    // kit then retries the timed-out call
    requestHandler: { ...options.requestHandler, throwOnRequestTimeout: true },
  });
  const bodies = new WeakMap<object, unknown>();
  keepRawBodies(sdk, bodies);
  return {
    sdk,
    send: (command, sendOptions) => awsSend(sdk, command, context, sendOptions),
    rawBody: (command) => bodies.get(command.input),
  };
}
