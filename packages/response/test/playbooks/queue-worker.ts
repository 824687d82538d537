// A worker process for the BullMQ test. Arguments: redisUrl prefix storePrefix openc2Url.
import { openStore } from '@openmdr/core';
import {
  createOpenC2HttpExecutor,
  createPlaybookWorker,
  PlaybookEngine,
  redisConnection,
} from '../../src/playbooks/index.js';
import { queueTestPlaybook } from './queue-playbook.js';

const [redisUrl, prefix, storePrefix, openc2Url] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const store = await openStore({ kind: 'redis', url: redisUrl, keyPrefix: storePrefix });
const executors = { 'openc2-http': createOpenC2HttpExecutor({ url: openc2Url }) };
const connection = redisConnection(redisUrl);
const playbook = queueTestPlaybook();
const worker = createPlaybookWorker({
  connection,
  prefix,
  concurrency: 2,
  playbooks: { [playbook.id]: playbook },
  engineFor: (tenant) => new PlaybookEngine({ store: store.forTenant(tenant), executors }),
});
worker.on('completed', (job, status) =>
  process.stdout.write(`processed ${job.data.runId} ${status}\n`),
);
worker.on('failed', (job, error) =>
  process.stdout.write(`failed ${job?.data.runId} ${error.message}\n`),
);
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await worker.close();
  await store.close();
  process.exit(0);
});
