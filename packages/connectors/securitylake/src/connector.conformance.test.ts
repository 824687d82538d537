// The kit's conformance suite for the Security Lake connector. The suite starts its own
// framework simulator from `VendorSimulatorOptions`, while S3 is served by the kit's AWS
// simulator: so the framework simulator here forwards every S3 request (Host header and SigV4
// signature intact) to an AWS simulator of its own, after writing the `events` dataset's new
// records into its bucket as the custom source's Parquet objects (one object per record, as a
// producer flushing often would). The suite's faults, rate limit and clock offset are the
// framework's, in front of the AWS simulator.

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
import { REDACTED } from '@openmdr/core';
import { afterAll } from 'vitest';
import { securitylakeConnector, writeSecurityLakeEvents } from './index.js';
import { SECURITYLAKE_SIM_BUCKET, SECURITYLAKE_SIM_KEYS } from './simulator/index.js';

const LOOKBACK_MS = 15 * 60_000;
const EVENTS = '/conformance/events';
const BUCKET = SECURITYLAKE_SIM_BUCKET;
const secrets = {
  'securitylake.access_key_id': SECURITYLAKE_SIM_KEYS.accessKeyId,
  'securitylake.secret_access_key': SECURITYLAKE_SIM_KEYS.secretAccessKey,
};
const fixtures = JSON.parse(
  readFileSync(new URL('./__fixtures__/events.ocsf.json', import.meta.url), 'utf8'),
) as SimulatorRecord[];
const template = fixtures.find((event) => event['class_uid'] === 2004) as SimulatorRecord;

/**
 * A Detection Finding with id `id` at `time`. The suite reads a record's id from a top-level
 * field; `message`, an attribute of every OCSF class, carries it.
 */
const recordOf = (id: string, time: number): SimulatorRecord => ({
  ...template,
  message: id,
  time,
  metadata: { ...(template['metadata'] as object), uid: id },
});

/** The AWS simulator behind each framework simulator, and the records written to it. */
interface Backend {
  aws: AwsSimulator;
  published: Set<string>;
  writing: Promise<void>;
}
const backends = new Map<string, Promise<Backend>>();
afterAll(async () => {
  for (const backend of backends.values()) await (await backend).aws.close();
});

function backendOf(request: SimulatorRequest) {
  const host = request.headers['host'] ?? '';
  let backend = backends.get(host);
  if (!backend) {
    backend = startAwsSimulator({
      users: [{ ...SECURITYLAKE_SIM_KEYS, account: '999999999999' }],
      buckets: [{ name: BUCKET }],
    }).then((aws) => ({ aws, published: new Set<string>(), writing: Promise.resolve() }));
    backends.set(host, backend);
  }
  return backend;
}

/**
 * Writes the dataset's records not yet written: one Parquet object each. Writes are chained, so
 * that a request retried while an earlier one is still writing waits for those objects.
 */
async function publish(request: SimulatorRequest): Promise<void> {
  const backend = await backendOf(request);
  const records = liveRecords(request, EVENTS);
  backend.writing = backend.writing.then(async () => {
    for (const record of records) {
      const id = String(record['message']);
      if (backend.published.has(id)) continue;
      await writeSecurityLakeEvents([record], {
        sink: { put: async (key, bytes) => backend.aws.putObject(BUCKET, key, bytes) },
        sourceName: 'openmdr',
      });
      backend.published.add(id);
    }
  });
  await backend.writing;
}

/** Forwards a request to the AWS simulator unchanged (its SigV4 signature covers the Host). */
async function forward(request: SimulatorRequest): Promise<SimulatorResponse> {
  const { aws } = await backendOf(request);
  if (request.method === 'GET' && request.query.get('list-type') === '2') await publish(request);
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
          const hopByHop = ['content-length', 'date', 'connection', 'keep-alive'];
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string' && !hopByHop.includes(name)) headers[name] = value;
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

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: 'us-east-1',
    endpoint: { s3: simulator.url },
    credentials: { type: 'keys' },
    bucket: BUCKET,
    sourceName: 'openmdr',
    accountId: '111122223333',
    startAt: '2025-01-01T00:00:00Z',
    lookbackMs: LOOKBACK_MS,
    pageSize: 2,
  };
}

const initial = () => {
  const now = Date.now();
  return Array.from({ length: 6 }, (_, index) =>
    recordOf(`evt-${index}`, now - (index + 2) * 60_000),
  );
};

// write-findings stores deterministic keys: the expected first request is computed the same way
const written = recordOf('written-1', Date.parse('2026-03-02T07:15:00Z'));
const expectedKeys: string[] = [];
await writeSecurityLakeEvents([written], {
  sink: { put: async (key) => void expectedKeys.push(key) },
  sourceName: 'openmdr',
  region: 'us-east-1',
  accountId: '111122223333',
});

describeConnectorConformance({
  name: 'securitylake',
  create: () => securitylakeConnector,
  simulator: () => ({
    datasets: [
      {
        path: EVENTS,
        cursor: 'next-token',
        records: initial(),
        idField: 'message',
        timeField: 'time',
      },
    ],
    routes: [
      { method: 'GET', path: '/:bucket', handle: forward },
      { method: 'GET', path: '/:bucket/', handle: forward },
      { method: 'GET', path: '/:bucket/:key+', handle: forward },
      { method: 'PUT', path: '/:bucket/:key+', handle: forward },
    ],
  }),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong secret access key',
      config: config(simulator),
      secrets: { ...secrets, 'securitylake.secret_access_key': 'sim-wrong-secret-value-000000' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'not an AWS region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'both a bucket and a local directory',
      config: { ...config(simulator), localDir: '/tmp/lake' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'source name with a slash',
      config: { ...config(simulator), sourceName: 'a/b' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {
    events: {
      dataset: {
        path: EVENTS,
        idField: 'message',
        timeField: 'time',
        lookbackMs: LOOKBACK_MS,
        record: recordOf,
      },
      classUids: [2004],
    },
  },
  actions: [
    {
      name: 'write-findings',
      input: { events: [written] },
      // the SDK percent-encodes the key's `=` on the wire
      expectedRequest: {
        method: 'PUT',
        path: `/${BUCKET}/${(expectedKeys[0] ?? '').split('/').map(encodeURIComponent).join('/')}`,
        body: REDACTED,
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
