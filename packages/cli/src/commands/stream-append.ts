import { createInterface } from 'node:readline';
import type { JsonValue, StreamRecord } from '@openmdr/core';
import { detectionPartitionKey, type PartitionBy } from '@openmdr/detections';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { openEventStream } from '../stream/open-stream.js';
import {
  PARTITIONS_OPTION,
  positiveInteger,
  STREAM_NAME_OPTION,
  STREAM_OPTION,
  streamUrlOf,
} from '../stream/stream-arguments.js';

function partitionByOf(value: string): PartitionBy {
  if (value === 'host' || value === 'user') return value;
  const fields = value
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  if (fields.length === 0) throw new UsageError('--by must be host, user or OCSF attribute paths');
  return fields;
}

/** `openmdr stream append`: OCSF events onto a tenant's partitioned Redis stream. */
export const streamAppendCommand: DefinedCommand = defineCommand({
  path: ['stream', 'append'],
  summary: "Append OCSF events (JSON lines) to a tenant's partitioned Redis event stream",
  description: `Appends OCSF events (one JSON object per line, from a FILE or standard input with '-'; gzip
accepted) to a tenant's stream, for 'openmdr worker detect' to consume. Each event goes to the
partition of its key: the host (device.hostname, else device.name), else the user, else the
source IP by default (--by host); --by user puts the user first; --by PATH[,PATH] keys by OCSF
attributes. Every event of one key lands on one partition, in order, so a correlation grouped by
that entity is exact across workers.

Appends wait while the workers lag more than --max-lag entries behind (back-pressure) and give up
after --backpressure-timeout-ms (exit 1).`,
  options: [
    STREAM_OPTION,
    {
      name: 'tenant',
      type: 'string',
      valueName: 'ID',
      required: '--tenant is required',
      description: 'the tenant whose stream to append to',
    },
    STREAM_NAME_OPTION,
    PARTITIONS_OPTION,
    {
      name: 'by',
      type: 'string',
      valueName: 'host|user|PATH[,PATH]',
      default: 'host',
      description: 'the partition entity',
    },
    {
      name: 'chunk',
      type: 'string',
      valueName: 'N',
      default: '500',
      description: 'events per append call',
    },
    {
      name: 'max-lag',
      type: 'string',
      valueName: 'N',
      default: '100000',
      description:
        "wait while the most lagging group has more than N entries of the tenant's stream unread",
    },
    {
      name: 'backpressure-timeout-ms',
      type: 'string',
      valueName: 'N',
      default: '300000',
      description: 'give up when an append waited this long',
    },
  ],
  positionals: [
    {
      name: 'FILE|-',
      description: "the events (JSON lines); '-' reads standard input",
      required: true,
    },
  ],
  output: `Nothing on standard output. Standard error: one line per bad input line, then
"openmdr stream append: N events appended to TENANT (N partitions)" (not with --quiet).`,
  exitCodes: {
    0: 'every line was a JSON object and was appended',
    1: 'a line was not a JSON object (the others were appended), or back-pressure timed out',
  },
  examples: [
    {
      command: 'openmdr stream append --stream redis://127.0.0.1:6379 --tenant acme -',
      description:
        'queue OCSF events from standard input (the output of openmdr normalize, say) for the detection workers',
    },
    {
      command:
        'openmdr stream append --stream redis://redis:6379 --tenant acme --by user okta-ocsf.jsonl.gz',
      description: 'identity events, partitioned by user',
    },
  ],
  async run({ args, io, note, name, openInput }): Promise<number> {
    const streamUrl = streamUrlOf(args);
    const tenant = args.string('tenant') as string;
    const by = partitionByOf(args.string('by') as string);
    const chunk = positiveInteger(args, 'chunk');
    const stream = openEventStream({
      url: streamUrl,
      name: args.string('stream-name') as string,
      partitions: positiveInteger(args, 'partitions'),
      backpressure: {
        maxLag: positiveInteger(args, 'max-lag'),
        timeoutMs: positiveInteger(args, 'backpressure-timeout-ms'),
      },
    });
    let failures = 0;
    let appended = 0;
    let lineNumber = 0;
    const file = args.positionals[0] as string;
    let pending: StreamRecord[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const records = pending;
      pending = [];
      await stream.append(tenant, records);
      appended += records.length;
    };
    try {
      const input = await openInput(file);
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const text of lines) {
        lineNumber++;
        if (text.trim() === '') continue;
        let event: unknown;
        try {
          event = JSON.parse(text);
        } catch (error) {
          failures++;
          io.stderr.write(
            `${name}: ${file}:${lineNumber}: not JSON: ${(error as Error).message}\n`,
          );
          continue;
        }
        if (typeof event !== 'object' || event === null || Array.isArray(event)) {
          failures++;
          io.stderr.write(`${name}: ${file}:${lineNumber}: not a JSON object\n`);
          continue;
        }
        pending.push({ key: detectionPartitionKey(event, { by }), data: event as JsonValue });
        if (pending.length >= chunk) await flush();
      }
      await flush();
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'STREAM_BACKPRESSURE') throw error;
      io.stderr.write(`${name}: ${(error as Error).message}\n`);
      failures++;
    } finally {
      await stream.close();
    }
    note(`${name}: ${appended} events appended to ${tenant} (${stream.partitions} partitions)`);
    return failures > 0 ? 1 : 0;
  },
});
