import { createHash } from 'node:crypto';
import type { ActionDefinition } from '@openmdr/connector-kit';
import {
  ConnectorConfigError,
  ConnectorResponseError,
  defineAction,
  ocsfEventsInputSchema,
} from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SentinelClient } from './client.js';
import type { SentinelConfig } from './config.js';

/** The Logs Ingestion API version. */
export const SENTINEL_INGESTION_API_VERSION = '2023-01-01';

/** The Logs Ingestion API's limit on one call's body: 1 MB. */
export const SENTINEL_INGESTION_MAX_BYTES = 1_000_000;

/** An OCSF event to write (any class; `metadata.uid` and `time` make its record id). */
export type OcsfEventLike = Record<string, unknown>;

/** One row of the custom table, as the DCR's stream declares it. */
export interface SentinelFindingRow {
  /** The event time (ISO 8601), the table's `TimeGenerated`. */
  TimeGenerated: string;
  /**
   * A stable id of the event: the SHA-256 of its class, `metadata.uid` (or its JSON) and time.
   * A retried batch writes rows with the same ids, which `arg_max(…) by RecordId` folds.
   */
  RecordId: string;
  /** OCSF `class_uid`. */
  ClassUid: number;
  /** OCSF `class_name`. */
  ClassName: string;
  /** OCSF `severity_id`. */
  SeverityId: number;
  /** `finding_info.title` or `message`. */
  Title: string;
  /** The OCSF event (a `dynamic` column). */
  Event: OcsfEventLike;
}

/** The stable record id of an event. */
export function sentinelRecordId(event: OcsfEventLike): string {
  const metadata = event['metadata'] as Record<string, unknown> | undefined;
  const uid = typeof metadata?.['uid'] === 'string' ? metadata['uid'] : JSON.stringify(event);
  return createHash('sha256')
    .update(`${String(event['class_uid'])}\n${uid}\n${String(event['time'])}`)
    .digest('hex');
}

/** The custom-table row of an OCSF event. */
export function sentinelFindingRow(event: OcsfEventLike): SentinelFindingRow {
  const time = typeof event['time'] === 'number' ? event['time'] : Date.now();
  const info = event['finding_info'] as Record<string, unknown> | undefined;
  return {
    TimeGenerated: new Date(time).toISOString(),
    RecordId: sentinelRecordId(event),
    ClassUid: Number(event['class_uid'] ?? 0),
    ClassName: String(event['class_name'] ?? ''),
    SeverityId: Number(event['severity_id'] ?? 0),
    Title: String(info?.['title'] ?? event['message'] ?? ''),
    Event: event,
  };
}

/**
 * Rows cut into JSON arrays of at most `maxBytes` each (UTF-8), in order.
 *
 * @throws {ConnectorResponseError} when one row alone is larger than `maxBytes`.
 */
export function batchRows(rows: readonly SentinelFindingRow[], maxBytes: number): string[] {
  const batches: string[] = [];
  let current: string[] = [];
  let size = 2; // the brackets
  for (const row of rows) {
    const json = JSON.stringify(row);
    const bytes = Buffer.byteLength(json);
    if (bytes + 2 > maxBytes) {
      throw new ConnectorResponseError(
        `event ${row.RecordId} is ${bytes} bytes, over the ${maxBytes}-byte Logs Ingestion limit`,
        { details: { recordId: row.RecordId, bytes, maxBytes } },
      );
    }
    const added = bytes + (current.length > 0 ? 1 : 0);
    if (size + added > maxBytes) {
      batches.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    size += bytes + (current.length > 0 ? 1 : 0);
    current.push(json);
  }
  if (current.length > 0) batches.push(`[${current.join(',')}]`);
  return batches;
}

/** What {@link writeSentinelFindings} wrote. */
export interface SentinelWriteResult {
  /** Rows written. */
  rows: number;
  /** Calls made (batches). */
  batches: number;
}

/**
 * Writes OCSF events to the workspace through the Logs Ingestion API: `POST
 * {endpoint}/dataCollectionRules/{dcrImmutableId}/streams/{stream}?api-version=2023-01-01`
 * with a JSON array body of {@link SentinelFindingRow}s, cut into calls under 1 MB. The kit's
 * HTTP client retries 429 (honouring `Retry-After`) and 5xx; since the API has no idempotency
 * key, every row carries a stable `RecordId` so a retried call's rows fold into one downstream.
 *
 * @throws {ConnectorConfigError} when the configuration has no `ingestion`.
 * @throws {ConnectorResponseError} when one event is over the size limit.
 */
export async function writeSentinelFindings(
  client: SentinelClient,
  config: SentinelConfig,
  events: readonly OcsfEventLike[],
  maxBytes: number = SENTINEL_INGESTION_MAX_BYTES,
): Promise<SentinelWriteResult> {
  if (!client.ingestion || !config.ingestion) {
    throw new ConnectorConfigError('sentinel', [
      {
        path: 'ingestion',
        message: 'writing findings needs the DCR endpoint, immutable id and stream',
      },
    ]);
  }
  const batches = batchRows(events.map(sentinelFindingRow), maxBytes);
  const path =
    `/dataCollectionRules/${encodeURIComponent(config.ingestion.dcrImmutableId)}` +
    `/streams/${encodeURIComponent(config.ingestion.stream)}`;
  for (const body of batches) {
    await client.ingestion.request({
      method: 'POST',
      path,
      query: { 'api-version': SENTINEL_INGESTION_API_VERSION },
      headers: { 'content-type': 'application/json' },
      body,
    });
  }
  return { rows: events.length, batches: batches.length };
}

/** Input of `write-findings`: OCSF events (findings or any class). */
export const writeFindingsInputSchema = z.object({
  /** The OCSF events, as `@openmdr/core` builds them. */
  events: ocsfEventsInputSchema,
});

/** Output of `write-findings`. */
export const writeFindingsOutputSchema = z.object({
  /** Rows written. */
  rows: z.int(),
  /** Logs Ingestion calls (batches) made. */
  batches: z.int(),
  /** The `RecordId` of each event, in order. */
  ids: z.array(z.string()),
});

/**
 * The manifest entry of `write-findings`: OCSF events through the Logs Ingestion API into the
 * DCR's custom table. It implements no OpenMDR action kind.
 */
export const writeFindingsManifest = defineAction({
  description:
    'Write OCSF findings and events to the workspace through the Logs Ingestion API (POST {endpoint}/dataCollectionRules/{id}/streams/{stream}), in calls under 1 MB, each row with a stable RecordId.',
  input: writeFindingsInputSchema,
  output: writeFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['Monitoring Metrics Publisher on the data collection rule'],
});

/** `write-findings`: {@link writeSentinelFindings} as an action. */
export const writeFindingsAction: ActionDefinition<
  SentinelConfig,
  SentinelClient,
  z.output<typeof writeFindingsInputSchema>,
  z.input<typeof writeFindingsOutputSchema>
> = {
  run: async ({ events }, { client, config }) => {
    const result = await writeSentinelFindings(client, config, events);
    return {
      status: 'completed',
      output: { ...result, ids: events.map(sentinelRecordId) },
    };
  },
};
