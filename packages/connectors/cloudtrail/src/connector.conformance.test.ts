// The kit's conformance suite for the CloudTrail connector. The suite starts its own framework
// simulator from `VendorSimulatorOptions`, while SQS and S3 are served by the kit's AWS
// simulator, which is only available started: so the framework simulator here forwards every
// STS, SQS and S3 request (Host header and SigV4 signature intact) to an AWS simulator of its
// own, after publishing the `events` dataset's new records there as log files announced on the
// queue; LookupEvents is answered from the `lookup-events` dataset. The suite's faults, rate
// limit and clock offset are the framework's, in front of the AWS simulator.

import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { type AwsSimulator, startAwsSimulator } from '@openmdr/connector-kit/aws';
import {
  liveRecords,
  registerSimulator,
  type SimulatorRequest,
  type SimulatorResponse,
} from '@openmdr/connector-kit/simulator';
import {
  describeConnectorConformance,
  type SimulatorRecord,
  type VendorSimulator,
} from '@openmdr/connector-kit/testing';
import { afterAll } from 'vitest';
import { cloudtrailConnector } from './index.js';
import {
  answerLookupEvents,
  CLOUDTRAIL_SIM_KEYS,
  CLOUDTRAIL_SIM_ROLE,
  cloudTrailGzipRecords,
  cloudTrailKey,
  cloudTrailNotificationBody,
  lookupEventOf,
} from './simulator/index.js';

const LOOKBACK_MS = 15 * 60_000;
const EVENTS = '/conformance/events';
const LOOKUP = '/conformance/lookup';
const BUCKET = 'trail-bucket';
const QUEUE = 'trail-queue';
const secrets = {
  'cloudtrail.access_key_id': CLOUDTRAIL_SIM_KEYS.accessKeyId,
  'cloudtrail.secret_access_key': CLOUDTRAIL_SIM_KEYS.secretAccessKey,
};
const management = JSON.parse(
  readFileSync(new URL('./__fixtures__/management-events.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const template =
  management.find((record) => record['eventName'] === 'RunInstances') ?? management[0];

/** A CloudTrail record with id `id` at `time`. */
const recordOf = (id: string, time: number): SimulatorRecord => ({
  ...template,
  eventID: id,
  eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
});

/** The AWS simulator behind each framework simulator, and the records published to it. */
const backends = new Map<string, Promise<{ aws: AwsSimulator; published: Set<string> }>>();
afterAll(async () => {
  for (const backend of backends.values()) await (await backend).aws.close();
});

function backendOf(request: SimulatorRequest) {
  const host = request.headers['host'] ?? '';
  let backend = backends.get(host);
  if (!backend) {
    backend = startAwsSimulator({
      users: [{ ...CLOUDTRAIL_SIM_KEYS, account: '999999999999' }],
      roles: [{ arn: CLOUDTRAIL_SIM_ROLE.roleArn, externalId: CLOUDTRAIL_SIM_ROLE.externalId }],
      queues: [{ name: QUEUE, visibilityTimeoutSeconds: 30 }],
      buckets: [{ name: BUCKET }],
    }).then((aws) => ({ aws, published: new Set<string>() }));
    backends.set(host, backend);
  }
  return backend;
}

/** Publishes the `events` records not yet published: one log file and notification each. */
async function publish(request: SimulatorRequest): Promise<void> {
  const { aws, published } = await backendOf(request);
  for (const record of liveRecords(request, EVENTS)) {
    const id = String(record['eventID']);
    if (published.has(id)) continue;
    published.add(id);
    const key = cloudTrailKey([record], published.size);
    const body = cloudTrailGzipRecords([record]);
    aws.putObject(BUCKET, key, body);
    aws.sendMessage(QUEUE, cloudTrailNotificationBody(BUCKET, key, body.length, 's3'));
  }
}

/** Forwards a request to the AWS simulator unchanged (its SigV4 signature covers the Host). */
async function forward(request: SimulatorRequest): Promise<SimulatorResponse> {
  const { aws } = await backendOf(request);
  const target = new URL(aws.url);
  const query = request.query.toString();
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: `${request.path}${query ? `?${query}` : ''}`,
        headers: request.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (
              typeof value === 'string' &&
              !['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding'].includes(
                name,
              )
            )
              headers[name] = value;
          }
          resolve({
            status: response.statusCode ?? 500,
            headers,
            body: new Uint8Array(Buffer.concat(chunks)),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.bytes ?? request.body);
  });
}

async function postRoot(request: SimulatorRequest): Promise<SimulatorResponse> {
  const target = request.headers['x-amz-target'] ?? '';
  if (target.startsWith('CloudTrail_20131101.')) {
    const events = liveRecords(request, LOOKUP).map((record) => lookupEventOf(record));
    return answerLookupEvents({ events, calls: [], throttleNext: 0 }, request);
  }
  if (target === 'AmazonSQS.ReceiveMessage') await publish(request);
  return forward(request);
}

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: 'us-east-1',
    endpoint: {
      sts: simulator.url,
      sqs: simulator.url,
      s3: simulator.url,
      cloudtrail: simulator.url,
    },
    credentials: { type: 'keys' },
    assumeRole: { ...CLOUDTRAIL_SIM_ROLE },
    queueUrl: `${simulator.url}/999999999999/${QUEUE}`,
    waitTimeSeconds: 0,
    startAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    lookbackMs: LOOKBACK_MS,
  };
}

/** A record of the `lookup-events` dataset: also carries the id as `EventId`, the stream's key. */
const lookupRecordOf = (id: string, time: number): SimulatorRecord => ({
  ...recordOf(id, time),
  EventId: id,
});

const initial = (build: (id: string, time: number) => SimulatorRecord, prefix: string) => {
  const now = Date.now();
  return Array.from({ length: 6 }, (_, index) =>
    build(`${prefix}-${index}`, now - (index + 2) * 60_000),
  );
};

const queueResume =
  'a queue, not a cursor: a read that stops after a batch leaves the messages it received but did not yield in flight until their visibility timeout, so an immediate resume finds nothing; redelivery after a crash is tested in events-stream.test.ts (advancing the queue clock past the visibility timeout)';

const perServiceBudget =
  'awsSend budgets each AWS service endpoint on its own (sts., sqs., s3.<region>.amazonaws.com), as AWS limits them, while the suite counts STS, SQS and S3 together against one budget on its one simulator; lookup-events runs this case (its calls are CloudTrail calls under the one budget)';

describeConnectorConformance({
  name: 'cloudtrail',
  create: () => cloudtrailConnector,
  simulator: () => ({
    datasets: [
      {
        path: EVENTS,
        cursor: 'next-token',
        records: initial(recordOf, 'evt'),
        idField: 'eventID',
        timeField: 'eventTime',
      },
      {
        path: LOOKUP,
        cursor: 'next-token',
        records: initial(lookupRecordOf, 'lkp'),
        idField: 'EventId',
        timeField: 'eventTime',
      },
    ],
    routes: [
      { method: 'POST', path: '/', handle: postRoot },
      { method: 'POST', path: '/:account/:queue', handle: postRoot },
      { method: 'GET', path: '/:bucket', handle: forward },
      { method: 'GET', path: '/:bucket/:key+', handle: forward },
    ],
  }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong secret access key',
      config: config(simulator),
      secrets: { ...secrets, 'cloudtrail.secret_access_key': 'sim-wrong-secret-value-000000' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'wrong external id',
      config: {
        ...config(simulator),
        assumeRole: { ...CLOUDTRAIL_SIM_ROLE, externalId: 'not-the-external-id' },
      },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'not an AWS region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    events: {
      dataset: {
        path: EVENTS,
        idField: 'eventID',
        timeField: 'eventTime',
        lookbackMs: LOOKBACK_MS,
        record: recordOf,
      },
      classUids: [6003],
      overrides: {
        'read-resume': { skip: queueResume },
        'rate-limit': { skip: perServiceBudget },
      },
    },
    'lookup-events': {
      dataset: {
        path: LOOKUP,
        idField: 'EventId',
        timeField: 'eventTime',
        lookbackMs: LOOKBACK_MS,
        record: lookupRecordOf,
      },
      classUids: [6003],
    },
  },
  actions: [],
  capabilities: { tokenRefresh: false },
});
