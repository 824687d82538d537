import { createHash } from 'node:crypto';
import type { HttpClient } from '@openmdr/connector-kit';
import { ConnectorResponseError } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import { ocsfIndexTemplate } from './index-template.js';

/** The JSON of a value with object keys sorted, so equal events give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The document id of an OCSF event: base64url of the SHA-256 of its canonical JSON (27
 * characters). The same event always gets the same id, so a retried bulk request creates no
 * second document (`op_type: create` answers 409 for it).
 */
export function ocsfDocumentId(event: unknown): string {
  return createHash('sha256').update(canonicalJson(event)).digest('base64url').slice(0, 27);
}

/** The document written for an event: the event with `@timestamp` (its `time`), as data streams need. */
export function ocsfDocument(event: Record<string, unknown>): Record<string, unknown> {
  const time = event['time'];
  return {
    '@timestamp':
      typeof time === 'number' ? new Date(time).toISOString() : new Date().toISOString(),
    ...event,
  };
}

/** What a bulk write did. */
export interface BulkWriteResult {
  /** Documents created. */
  created: number;
  /** Documents that already existed (a retry of an earlier write): not written again. */
  duplicates: number;
  /** Documents refused, with Elasticsearch's reason. */
  failed: Array<{ id: string; status: number; reason: string }>;
  /** Bulk requests sent (retries of rejected items included). */
  requests: number;
}

/** Options of {@link writeOcsfEvents}. */
export interface BulkWriteOptions {
  /** The data stream (`ocsf-findings-default`); its name must match the template's patterns. */
  dataStream: string;
  /** Events per bulk request. Default 500. */
  batchSize?: number;
  /** Times items rejected with 429 are sent again. Default 3. */
  maxItemRetries?: number;
}

interface BulkItem {
  create?: { _id?: string; status?: number; error?: { type?: string; reason?: string } };
}

/**
 * Bulk-indexes OCSF events into a data stream: `POST /<data stream>/_bulk` with NDJSON
 * `{"create":{"_id":…}}` + document lines, in batches; each document's id is derived from the
 * event ({@link ocsfDocumentId}), so retrying — the kit retries the request on 429 / 5xx, and
 * items rejected with 429 inside a 200 response are sent again here — creates no duplicate: an
 * item answered 409 `version_conflict_engine_exception` counts as a duplicate, not a failure.
 */
export async function writeOcsfEvents(
  es: HttpClient,
  events: readonly Record<string, unknown>[],
  options: BulkWriteOptions,
): Promise<BulkWriteResult> {
  const result: BulkWriteResult = { created: 0, duplicates: 0, failed: [], requests: 0 };
  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < events.length; start += batchSize) {
    let pending = events.slice(start, start + batchSize).map((event) => ({
      id: ocsfDocumentId(event),
      document: ocsfDocument(event),
    }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const body = pending
        .map(
          ({ id, document }) =>
            `${JSON.stringify({ create: { _id: id } })}\n${JSON.stringify(document)}\n`,
        )
        .join('');
      result.requests += 1;
      const response = await es.request<{ errors?: boolean; items?: BulkItem[] }>({
        method: 'POST',
        path: `/${encodeURIComponent(options.dataStream)}/_bulk`,
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      const items = response.data?.items;
      if (!Array.isArray(items) || items.length !== pending.length) {
        throw new ConnectorResponseError('bulk response does not answer every item', {
          details: { sent: pending.length, answered: Array.isArray(items) ? items.length : 0 },
        });
      }
      const rejected: typeof pending = [];
      items.forEach((item, index) => {
        const sent = pending[index] as (typeof pending)[number];
        const status = item.create?.status ?? 0;
        if (status === 201 || status === 200) result.created += 1;
        else if (status === 409) result.duplicates += 1;
        else if (status === 429 && attempt < (options.maxItemRetries ?? 3)) rejected.push(sent);
        else {
          result.failed.push({
            id: sent.id,
            status,
            reason: `${item.create?.error?.type ?? 'error'}: ${item.create?.error?.reason ?? 'no reason given'}`,
          });
        }
      });
      pending = rejected;
    }
  }
  return result;
}

/**
 * Installs the index template of OCSF data streams (`PUT /_index_template/<name>`), generated
 * from the OCSF model for `classes` ({@link ocsfIndexTemplate}).
 */
export async function putOcsfIndexTemplate(
  es: HttpClient,
  name: string,
  options: { classes: readonly string[]; indexPatterns: readonly string[] },
): Promise<void> {
  await es.request({
    method: 'PUT',
    path: `/_index_template/${encodeURIComponent(name)}`,
    json: ocsfIndexTemplate(options),
  });
}
