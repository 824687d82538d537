import { type DefinedCommand, defineCommand } from '../define-command.js';
import { openEventStream } from '../stream/open-stream.js';
import {
  PARTITIONS_OPTION,
  positiveInteger,
  STREAM_NAME_OPTION,
  STREAM_OPTION,
  streamUrlOf,
  tenantsOf,
} from '../stream/stream-arguments.js';

/** `openmdr stream status`: length, lag, pending and owner of every partition. */
export const streamStatusCommand: DefinedCommand = defineCommand({
  path: ['stream', 'status'],
  summary: "Print the length, lag, pending entries and owner of each partition of tenants' streams",
  description: `Prints, for each tenant and each partition of its stream, the entries held, the entries not yet
read by the consumer group (lag), those read but not acknowledged (pending), and the worker that
owns the partition. A backlog that keeps growing needs more workers (up to --partitions per
tenant); pending entries that stay high point at a worker that died or keeps failing.`,
  options: [
    STREAM_OPTION,
    {
      name: 'tenant',
      type: 'string',
      multiple: true,
      valueName: 'T[,T2]',
      required: '--tenant is required',
      description: 'the tenants (comma-separated or repeated)',
    },
    STREAM_NAME_OPTION,
    PARTITIONS_OPTION,
    {
      name: 'group',
      type: 'string',
      valueName: 'NAME',
      default: 'detect',
      description: 'the consumer group',
    },
  ],
  output: `One JSON line per tenant:
{"tenant":"acme","group":"detect","length":N,"lag":N,"pending":N,"partitions":[{"partition":0,"length":N,"lag":N,"pending":N,"owner":"w1"},…]}`,
  exitCodes: { 0: 'the figures were read' },
  examples: [
    {
      command: 'openmdr stream status --stream redis://127.0.0.1:6379 --tenant acme,globex',
      description: 'lag and pending of two tenants',
    },
  ],
  async run({ args, io }): Promise<number> {
    const stream = openEventStream({
      url: streamUrlOf(args),
      name: args.string('stream-name') as string,
      partitions: positiveInteger(args, 'partitions'),
    });
    const group = args.string('group') as string;
    try {
      for (const tenant of tenantsOf(args)) {
        const partitions = await stream.metrics(tenant, group);
        const total = (field: 'length' | 'lag' | 'pending') =>
          partitions.reduce((sum, partition) => sum + partition[field], 0);
        io.stdout.write(
          `${JSON.stringify({
            tenant,
            group,
            length: total('length'),
            lag: total('lag'),
            pending: total('pending'),
            partitions,
          })}\n`,
        );
      }
    } finally {
      await stream.close();
    }
    return 0;
  },
});
