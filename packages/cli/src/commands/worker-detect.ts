import { hostname } from 'node:os';
import { createOpenMdrBus, openStore, parseStoreLocation, runStreamStage } from '@openmdr/core';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';
import { loadDetectionStage } from '../stream/load-detection-stage.js';
import { openEventStream } from '../stream/open-stream.js';
import {
  optionalPositiveInteger,
  PARTITIONS_OPTION,
  positiveInteger,
  STREAM_NAME_OPTION,
  STREAM_OPTION,
  streamUrlOf,
  tenantsOf,
} from '../stream/stream-arguments.js';

/** `openmdr worker detect`: one detection worker of a consumer group on a Redis stream. */
export const workerDetectCommand: DefinedCommand = defineCommand({
  path: ['worker', 'detect'],
  summary:
    'Run a detection worker: Sigma rules and correlations over a partitioned Redis event stream',
  description: `Runs one detection worker of a consumer group until SIGTERM or SIGINT. Start several (on one or many
machines, with the same options and different --consumer names): the partitions of each tenant's
stream are shared among the live workers, and a dead worker's partitions move to the others after
--lease-ms, its pending entries once idle for --claim-idle-ms.

Per batch of a partition: the partition's state (correlation windows, native rule thresholds) is
read from --store, the Sigma rules, correlations and native rules run over the batch's OCSF
events in order, the findings are appended once to the store's log 'detect.outputs' (keyed by
their deterministic uid, so a redelivered event writes no finding twice), the state is saved with
compare-and-set, and only then is the batch acknowledged.

Correlations are exact across partitions when they group by the entity the events were
partitioned by (openmdr stream append --by); the worker says on start which entity its
correlations call for and which of them are not exact.

On SIGTERM or SIGINT the worker finishes the batch in flight, releases its partitions and exits 0.`,
  options: [
    STREAM_OPTION,
    {
      name: 'store',
      type: 'string',
      valueName: 'URL',
      required: '--store redis://… or postgres://… is required',
      description:
        'the shared store of partition state and findings: redis://…, postgres://… (or pglite:DIR for one machine)',
    },
    {
      name: 'tenant',
      type: 'string',
      multiple: true,
      valueName: 'T[,T2]',
      required: '--tenant is required',
      description: 'the tenants whose streams to consume (comma-separated or repeated)',
    },
    {
      name: 'rules',
      type: 'string',
      variadic: true,
      valueName: 'DIR|FILE',
      required: '--rules is required',
      description:
        'Sigma rules and correlation rules (files, directories or compiled bundles); every worker of a group must load the same',
    },
    {
      name: 'native',
      type: 'boolean',
      description: "also run OpenMDR's built-in native rules",
    },
    STREAM_NAME_OPTION,
    PARTITIONS_OPTION,
    {
      name: 'consumer',
      type: 'string',
      valueName: 'NAME',
      description: "this worker's name, unique in the group (default: HOST-PID)",
    },
    {
      name: 'group',
      type: 'string',
      valueName: 'NAME',
      default: 'detect',
      description: 'the consumer group (workers of one detection stage share it)',
    },
    {
      name: 'batch',
      type: 'string',
      valueName: 'N',
      default: '500',
      description: 'at most N entries per batch',
    },
    {
      name: 'claim-idle-ms',
      type: 'string',
      valueName: 'N',
      default: '30000',
      description: 'take over entries left pending this long by another (dead) worker',
    },
    {
      name: 'lease-ms',
      type: 'string',
      valueName: 'N',
      default: '10000',
      description:
        "how long a worker's partition leases last without renewal: a dead worker's partitions move after this",
    },
    {
      name: 'block-ms',
      type: 'string',
      valueName: 'N',
      default: '1000',
      description: 'how long an idle read waits for new entries',
    },
    {
      name: 'metrics-interval-ms',
      type: 'string',
      valueName: 'N',
      default: '10000',
      description: 'how often to write the lag and pending of the partitions this worker owns',
    },
    {
      name: 'print-findings',
      type: 'boolean',
      description: 'also write each new finding to standard output',
    },
  ],
  output: `With --print-findings, one JSON line per new finding: {"kind":"finding","finding":{…}}.
Standard error: a start line (rules loaded, partitioning), one line per partition change
({"kind":"partition",…}) and per metrics sample ({"kind":"metrics",…}), problems, and on stop a
summary: "openmdr worker detect: stopped: N batches, N events, N findings written, …".`,
  exitCodes: {
    0: 'stopped by SIGTERM or SIGINT',
    1: 'a rule did not load or compile (the worker does not start)',
    2: 'usage error: a missing or bad option, an unreachable store',
  },
  examples: [
    {
      command:
        'openmdr worker detect --stream redis://redis:6379 --store postgres://mdr@pg/mdr --tenant acme,globex --rules rules/',
      description: 'one of N workers consuming two tenants',
    },
    {
      command:
        'openmdr worker detect --stream redis://127.0.0.1:6379 --store redis://127.0.0.1:6379/1 --tenant acme --rules rules/ --lease-ms 5000 --claim-idle-ms 5000 --consumer w1',
      description: 'a named worker that takes over a dead worker within about five seconds',
    },
  ],
  async run({ args, io, note, name }): Promise<number> {
    const streamUrl = streamUrlOf(args);
    const tenants = tenantsOf(args);
    const partitions = positiveInteger(args, 'partitions');
    const batchSize = positiveInteger(args, 'batch');
    const claimIdleMs = positiveInteger(args, 'claim-idle-ms');
    const leaseMs = positiveInteger(args, 'lease-ms');
    const blockMs = positiveInteger(args, 'block-ms');
    const metricsIntervalMs = optionalPositiveInteger(args, 'metrics-interval-ms');
    const consumer = args.string('consumer') ?? `${hostname()}-${process.pid}`;
    const group = args.string('group') as string;
    let storeOptions: ReturnType<typeof parseStoreLocation>;
    try {
      storeOptions = parseStoreLocation(args.string('store') as string);
    } catch (error) {
      throw new UsageError(`--store: ${(error as Error).message}`);
    }
    const loaded = await loadDetectionStage({
      rules: args.list('rules'),
      native: args.flag('native'),
    });
    for (const problem of loaded.problems)
      io.stderr.write(`${name}: rule not ${problem.stage} (${problem.code}): ${problem.message}\n`);
    if (loaded.problems.length > 0) return 1;
    const { stage } = loaded;
    note(
      `${name}: ${consumer} in group ${group}: ${loaded.loaded.sigma} Sigma rules, ${loaded.loaded.correlations} correlations, ${loaded.loaded.native} native rules; ${stage.partitioning.reason}`,
    );
    const store = await openStore(storeOptions);
    const stream = openEventStream({
      url: streamUrl,
      name: args.string('stream-name') as string,
      partitions,
      leaseMs,
    });
    const bus = createOpenMdrBus();
    bus.on('stream.partition', (change) => {
      io.stderr.write(`${JSON.stringify({ kind: 'partition', ...change })}\n`);
    });
    bus.on('stream.metrics', (metrics) => {
      io.stderr.write(`${JSON.stringify({ kind: 'metrics', consumer, ...metrics })}\n`);
    });
    const run = runStreamStage({
      stream,
      store,
      stage,
      group,
      consumer,
      tenants,
      batchSize,
      claimIdleMs,
      blockMs,
      bus,
      ...(metricsIntervalMs === undefined ? {} : { metricsIntervalMs }),
      ...(args.flag('print-findings')
        ? {
            onOutputs: (outputs: readonly { data: unknown }[]) => {
              for (const output of outputs)
                io.stdout.write(`${JSON.stringify({ kind: 'finding', finding: output.data })}\n`);
            },
          }
        : {}),
      onError: (error, batch) =>
        io.stderr.write(
          `${name}: batch of ${batch.tenant}/${batch.partition} failed (retried): ${(error as Error).message}\n`,
        ),
      onEngineError: (error) =>
        io.stderr.write(`${name}: stream error (retrying): ${(error as Error).message}\n`),
    });
    const stop = (): void => {
      void run.stop();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await run.done;
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      await stream.close();
      await store.close();
    }
    const stats = run.stats();
    note(
      `${name}: stopped: ${stats.batches} batches, ${stats.entriesProcessed} events, ${stats.outputsWritten} findings written (${stats.duplicateOutputs} duplicate outputs skipped, ${stats.duplicatesSkipped} redelivered events skipped, ${stats.failedBatches} failed batches retried)`,
    );
    return 0;
  },
});
