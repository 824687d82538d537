import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import type { PlaybookEngine } from './engine.js';
import { PlaybookRunError } from './errors.js';
import type { Playbook } from './model.js';
import type { RunStatus } from './run-state.js';

/**
 * BullMQ connection options from a `redis://[user:password@]host:port/db` URL (with
 * `maxRetriesPerRequest: null`, as BullMQ workers need).
 */
export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  const options: Record<string, unknown> = {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
  if (parsed.username !== '') options.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options as ConnectionOptions;
}

/** A run to carry out: which tenant, which playbook, which run id, with which variables. */
export interface PlaybookRunJob {
  tenant: string;
  /** The playbook's CACAO id; workers must know it. */
  playbookId: string;
  runId: string;
  variables?: Record<string, string | null>;
}

/** Where the queue lives. */
export interface PlaybookQueueOptions {
  /** The Redis connection (ioredis options or instance; workers need `maxRetriesPerRequest: null`). */
  connection: ConnectionOptions;
  /** The queue name (default `openmdr-playbook-runs`). */
  name?: string;
  /** The BullMQ key prefix (default `bull`). */
  prefix?: string;
}

/** The job id of a run: one job per tenant and run id, so enqueuing a run twice queues it once. */
export function playbookRunJobId(tenant: string, runId: string): string {
  return `run-${Buffer.from(`${tenant}\u0000${runId}`, 'utf8').toString('base64url')}`;
}

/** Queues playbook runs on Redis for {@link createPlaybookWorker}s. */
export class PlaybookQueue {
  readonly #queue: Queue<PlaybookRunJob>;

  constructor(options: PlaybookQueueOptions) {
    this.#queue = new Queue<PlaybookRunJob>(options.name ?? 'openmdr-playbook-runs', {
      connection: options.connection,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    });
  }

  /**
   * Queues a run (once per tenant and run id). A failed job is retried with back-off; the run
   * resumes from its saved state, so completed commands are not sent again.
   */
  async enqueue(run: PlaybookRunJob, options: { attempts?: number } = {}): Promise<string> {
    const jobId = playbookRunJobId(run.tenant, run.runId);
    await this.#queue.add('run', run, {
      jobId,
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 10_000 },
      removeOnFail: { count: 10_000 },
    });
    return jobId;
  }

  /** The underlying BullMQ queue (counts, events, clean-up). */
  get queue(): Queue<PlaybookRunJob> {
    return this.#queue;
  }

  async close(): Promise<void> {
    await this.#queue.close();
  }
}

/** Options of {@link createPlaybookWorker}. */
export interface PlaybookWorkerOptions extends PlaybookQueueOptions {
  /** The engine for a tenant (each tenant's engine runs on that tenant's store). */
  engineFor: (tenant: string) => PlaybookEngine;
  /** The playbooks this worker can run, by CACAO id. */
  playbooks: Readonly<Record<string, Playbook>>;
  /** Runs at once in this worker (default 1). */
  concurrency?: number;
  /** How long a job stays locked without renewal before another worker may take it over (ms). */
  lockDuration?: number;
}

/**
 * A BullMQ worker that carries out queued runs with the tenant's {@link PlaybookEngine}. Several
 * workers (processes, hosts) share one queue; a run is held by one worker at a time (BullMQ lock),
 * and a run whose worker died is taken over after the lock expires and resumes from its saved state.
 */
export function createPlaybookWorker(
  options: PlaybookWorkerOptions,
): Worker<PlaybookRunJob, RunStatus> {
  return new Worker<PlaybookRunJob, RunStatus>(
    options.name ?? 'openmdr-playbook-runs',
    async (job: Job<PlaybookRunJob>) => {
      const playbook = options.playbooks[job.data.playbookId];
      if (playbook === undefined) {
        throw new PlaybookRunError(`playbook ${job.data.playbookId} is not known to this worker`, {
          details: { playbookId: job.data.playbookId, runId: job.data.runId },
        });
      }
      const runOptions = {
        runId: job.data.runId,
        ...(job.data.variables === undefined ? {} : { variables: job.data.variables }),
      };
      const state = await options.engineFor(job.data.tenant).run(playbook, runOptions);
      return state.status;
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 1,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
    },
  );
}
