import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { ConnectorConfigError, type ConnectorContext } from '@openmdr/connector-kit';
import {
  type AwsSdkCommand,
  type AwsSendOptions,
  awsClientOptions,
  awsSend,
} from '@openmdr/connector-kit/aws';
import type { GuarddutyConfig } from './config.js';

/** The Amazon GuardDuty vendor client. */
export interface GuarddutyClient {
  /** The SDK client (region, endpoint, the tenant's credentials; SDK retries off). */
  readonly sdk: GuardDutyClient;
  /**
   * Sends a command with the kit's policies (`awsSend`: the tenant's budget, retries, typed
   * errors, refreshed credentials).
   */
  send: <C extends AwsSdkCommand>(
    command: C,
    options?: AwsSendOptions,
  ) => ReturnType<typeof awsSend<C>>;
  /**
   * The JSON body GuardDuty answered to `command` (sent through {@link GuarddutyClient.send}),
   * for the commands whose records are kept as GuardDuty wrote them (`GetFindings`): the API's
   * own field names (`id`, `updatedAt`, `service.archived`), not the SDK's (`Id`, `UpdatedAt`).
   */
  rawBody(command: { readonly input: object }): unknown;
  /** The detector: the configured one, else the region's (`ListDetectors`), looked up once. */
  detectorId(): Promise<string>;
}

/** Commands whose response body is kept as GuardDuty wrote it. */
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
function keepRawBodies(sdk: GuardDutyClient, bodies: WeakMap<object, unknown>): void {
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
 * Builds the GuardDuty client for a tenant: the SDK client from the kit's AWS options (endpoint
 * override `endpoint.guardduty`), commands sent through `awsSend`.
 *
 * @throws {ConnectorConfigError} from `detectorId()` when the region has no detector.
 */
export function createGuarddutyClient(
  config: GuarddutyConfig,
  context: ConnectorContext,
): GuarddutyClient {
  const options = awsClientOptions(config, context, 'guardduty');
  const sdk = new GuardDutyClient({
    ...options,
    // the SDK's node handler only warns when `requestTimeout` passes unless told to throw; the
    // kit then retries the timed-out call
    requestHandler: { ...options.requestHandler, throwOnRequestTimeout: true },
  });
  const bodies = new WeakMap<object, unknown>();
  keepRawBodies(sdk, bodies);
  const send: GuarddutyClient['send'] = (command, options) =>
    awsSend(sdk, command, context, options);
  let detector: Promise<string> | undefined = config.detectorId
    ? Promise.resolve(config.detectorId)
    : undefined;
  const lookUp = async (): Promise<string> => {
    const { DetectorIds = [] } = await send(new ListDetectorsCommand({ MaxResults: 1 }));
    const [first] = DetectorIds;
    if (!first) {
      throw new ConnectorConfigError('guardduty', [
        {
          path: 'detectorId',
          message: `GuardDuty has no detector in ${config.region}: enable GuardDuty or set detectorId`,
        },
      ]);
    }
    return first;
  };
  return {
    sdk,
    send,
    rawBody: (command) => bodies.get(command.input),
    detectorId: () => {
      detector ??= lookUp().catch((error: unknown) => {
        detector = undefined;
        throw error;
      });
      return detector;
    },
  };
}
