import type { SimulatorFault, SimulatorRequest } from '../../simulator/simulator-types.js';
import { createVendorSimulator, type VendorSimulator } from '../../simulator/vendor-simulator.js';
import type { AwsSimPrincipal } from './aws-sim-auth.js';
import { awsErrorResponse } from './aws-sim-protocol.js';
import { type AwsSimBucket, type AwsSimObject, handleS3, s3Object } from './aws-sim-s3.js';
import { type AwsSimMessage, type AwsSimQueue, enqueue, handleSqs } from './aws-sim-sqs.js';
import type { AwsSimAssumeRoleCall, AwsSimRole, AwsSimState, AwsSimUser } from './aws-sim-state.js';
import { handleSts } from './aws-sim-sts.js';

/** Options of {@link startAwsSimulator}. */
export interface AwsSimulatorOptions {
  /** IAM users whose access keys are accepted (placeholders: never real keys). */
  users: readonly AwsSimUser[];
  /** Roles the users may assume, with the external id each requires. */
  roles?: readonly AwsSimRole[];
  /** Queues to create, with message bodies to seed them. Owned by the first user's account. */
  queues?: readonly {
    name: string;
    visibilityTimeoutSeconds?: number;
    messages?: readonly string[];
  }[];
  /** Buckets to create, with objects to seed them (`key → body`). */
  buckets?: readonly { name: string; objects?: Readonly<Record<string, string | Uint8Array>> }[];
  /** The framework's faults (429 with `Retry-After`, 5xx, slow responses) by request ordinal. */
  faults?: readonly SimulatorFault[];
  /** The framework's declared rate limit (token bucket; violations counted). */
  rateLimit?: { requests: number; perMs: number };
  /** The longest AssumeRole session, seconds. Default 43 200. */
  maxSessionSeconds?: number;
}

/** An AWS-style fault the simulator answers for an operation. */
export type AwsSimScriptedError = 'throttling' | 'access-denied' | 'internal' | 'expired-token';

/** A running AWS simulator. */
export interface AwsSimulator {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The endpoint overrides to put in an AWS connector config (`config.endpoint`). */
  readonly endpoint: { sts: string; sqs: string; s3: string };
  /** The underlying vendor simulator: recorded requests (credentials redacted), `setFaults`. */
  readonly simulator: VendorSimulator;
  /** Every successful AssumeRole: caller, role, session name, external id. */
  readonly assumeRoleCalls: readonly AwsSimAssumeRoleCall[];
  /** The URL of a queue (`<url>/<account>/<name>`). */
  queueUrl(name: string): string;
  /** Sends a message to a queue; returns its message id. */
  sendMessage(queue: string, body: string): string;
  /** The messages of a queue not yet deleted (in flight or not). */
  messages(queue: string): readonly AwsSimMessage[];
  /** Stores an object. */
  putObject(bucket: string, key: string, body: string | Uint8Array, contentType?: string): void;
  /** A stored object. */
  object(bucket: string, key: string): AwsSimObject | undefined;
  /**
   * Answers the next `times` calls of `operation` (`AssumeRole`, `GetCallerIdentity`,
   * `ReceiveMessage`, `DeleteMessage`, `GetObject`, `ListObjectsV2`, `PutObject`…) with an
   * AWS-style error: `throttling` is the service's own (STS 400 `Throttling`, SQS 400
   * `ThrottlingException`, S3 503 `SlowDown`), `expired-token` an `ExpiredToken`, `access-denied`
   * a 403 `AccessDenied`, `internal` a 500 `InternalFailure`.
   */
  failNext(operation: string, error: AwsSimScriptedError, times?: number): void;
  /** Forgets every scripted failure and the framework's faults. */
  resetFaults(): void;
  /** Expires every assumed-role session now: their next request gets `ExpiredToken`. */
  expireSessions(): void;
  /** Moves the simulator's clock forward (visibility timeouts, session expiry). */
  advanceTime(ms: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function userPrincipal(user: AwsSimUser): AwsSimPrincipal {
  const account = user.account ?? '111111111111';
  const name = user.name ?? 'openmdr';
  return {
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
    arn: `arn:aws:iam::${account}:user/${name}`,
    account,
    userId: `AIDA${user.accessKeyId.slice(4)}`,
  };
}

/**
 * Starts a local AWS on the kit's simulator framework, for the AWS SDK v3 clients pointed at it
 * by `endpoint`: STS (query protocol: `AssumeRole` with external ids and per-session temporary
 * keys, `GetCallerIdentity`), SQS (JSON protocol: receive with visibility timeout and
 * redelivery, delete, change visibility, send) and S3 (REST-XML, path-style: `ListObjectsV2`,
 * `GetObject`, `PutObject`). Requests must be SigV4-signed with a known key (the signature is
 * checked); temporary keys need their session token and expire (`ExpiredToken`). Faults: the
 * framework's 429 with `Retry-After` and 5xx by ordinal, and AWS-style errors per operation
 * ({@link AwsSimulator.failNext}).
 */
export async function startAwsSimulator(options: AwsSimulatorOptions): Promise<AwsSimulator> {
  let offsetMs = 0;
  const state: AwsSimState = {
    now: () => Date.now() + offsetMs,
    principals: new Map(options.users.map((user) => [user.accessKeyId, userPrincipal(user)])),
    roles: new Map((options.roles ?? []).map((role) => [role.arn, role])),
    maxSessionSeconds: options.maxSessionSeconds ?? 43_200,
    scripted: new Map(),
    assumeRoleCalls: [],
  };
  const account = options.users[0]?.account ?? '111111111111';
  const queues = new Map<string, AwsSimQueue>();
  for (const queue of options.queues ?? []) {
    const created: AwsSimQueue = {
      name: queue.name,
      account,
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds ?? 30,
      messages: [],
    };
    for (const body of queue.messages ?? []) enqueue(created, body, state.now());
    queues.set(queue.name, created);
  }
  const buckets = new Map<string, AwsSimBucket>();
  for (const bucket of options.buckets ?? []) {
    const objects: AwsSimBucket = new Map();
    for (const [key, body] of Object.entries(bucket.objects ?? {})) {
      objects.set(key, s3Object(body, state.now()));
    }
    buckets.set(bucket.name, objects);
  }
  const withUrl = (request: SimulatorRequest) => {
    const url = new URL(request.path, origin);
    for (const [key, value] of request.query) url.searchParams.append(key, value);
    return { ...request, url };
  };
  const postRoot = async (request: SimulatorRequest) => {
    const target = request.headers['x-amz-target'] ?? '';
    if (target.startsWith('AmazonSQS.')) return handleSqs(state, queues, withUrl(request));
    if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return handleSts(state, withUrl(request));
    }
    return awsErrorResponse('query', {
      status: 400,
      code: 'InvalidAction',
      message: 'neither an STS query nor an SQS JSON request',
    });
  };
  const s3Route = (method: string, path: string) => ({
    method,
    path,
    handle: (request: SimulatorRequest) =>
      handleS3(
        state,
        buckets,
        withUrl(request),
        request.params['bucket'] ?? '',
        request.params['key'],
      ),
  });
  const simulator = await createVendorSimulator({
    routes: [
      { method: 'POST', path: '/', handle: postRoot },
      // SQS: the SDK uses the queue URL as endpoint and posts to its path
      { method: 'POST', path: '/:account/:queue', handle: postRoot },
      s3Route('GET', '/:bucket'),
      s3Route('GET', '/:bucket/'),
      s3Route('GET', '/:bucket/:key+'),
      s3Route('PUT', '/:bucket/:key+'),
    ],
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const origin = simulator.url;
  const queueOf = (name: string) => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`no simulated queue ${name}`);
    return queue;
  };
  const bucketOf = (name: string) => {
    const bucket = buckets.get(name);
    if (!bucket) throw new Error(`no simulated bucket ${name}`);
    return bucket;
  };
  return {
    url: origin,
    endpoint: { sts: origin, sqs: origin, s3: origin },
    simulator,
    get assumeRoleCalls() {
      return state.assumeRoleCalls;
    },
    queueUrl: (name) => `${origin}/${queueOf(name).account}/${name}`,
    sendMessage: (queue, body) => enqueue(queueOf(queue), body, state.now()).messageId,
    messages: (queue) => queueOf(queue).messages,
    putObject: (bucket, key, body, contentType) =>
      bucketOf(bucket).set(key, s3Object(body, state.now(), contentType)),
    object: (bucket, key) => bucketOf(bucket).get(key),
    failNext: (operation, error, times = 1) => {
      state.scripted.set(operation, { error, remaining: times });
    },
    resetFaults: () => {
      state.scripted.clear();
      simulator.setFaults([]);
    },
    expireSessions: () => {
      const now = state.now();
      for (const principal of state.principals.values()) {
        if (principal.expiresAt !== undefined)
          principal.expiresAt = Math.min(principal.expiresAt, now);
      }
    },
    advanceTime: (ms) => {
      offsetMs += ms;
    },
    close: () => simulator.close(),
  };
}
