import { createHash } from 'node:crypto';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { ConnectorActionError, defineAction, ocsfEventsInputSchema } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SplunkClient } from './client.js';
import type { SplunkConfig } from './config.js';

/** The HEC paths. */
export const SPLUNK_HEC_PATHS = {
  event: '/services/collector/event',
  ack: '/services/collector/ack',
} as const;

/** Input of `write-findings`: OCSF events (findings or any class). */
export const writeFindingsInputSchema = z.object({
  /** The OCSF events, as `@openmdr/core` builds them. */
  events: ocsfEventsInputSchema,
});

/** Output of `write-findings`. */
export const writeFindingsOutputSchema = z.object({
  /** Events sent. */
  sent: z.int(),
  /** Requests (batches) sent. */
  batches: z.int(),
  /** The stable ids of the events, in order (`openmdr_uid` indexed field). */
  ids: z.array(z.string()),
});

/**
 * The manifest entry of `write-findings`: OCSF events through the HTTP Event Collector, batched.
 * It implements no OpenMDR action kind.
 */
export const writeFindingsManifest = defineAction({
  description:
    'Write OCSF findings and events to Splunk through the HTTP Event Collector (POST /services/collector/event), batched, with indexer acknowledgement when enabled.',
  input: writeFindingsInputSchema,
  output: writeFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: ['HEC token'],
});

/**
 * The stable id of an OCSF event: `metadata.uid` with its class, else a SHA-256 of its JSON.
 * The same event written twice has the same id (an indexed `openmdr_uid` field to `dedup` on).
 */
export function hecEventId(event: Record<string, unknown>): string {
  const metadata = event['metadata'] as { uid?: unknown } | undefined;
  if (typeof metadata?.uid === 'string' && metadata.uid.length > 0) {
    return `${String(event['class_uid'] ?? '')}:${metadata.uid}`;
  }
  return createHash('sha256').update(JSON.stringify(event)).digest('hex');
}

/** A GUID derived from a tenant: the default HEC channel, the same across restarts. */
export function hecChannelOf(tenant: string): string {
  const hex = createHash('sha256').update(`openmdr-hec:${tenant}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** What HEC answers to an event POST. */
interface HecResponse {
  code?: number;
  text?: string;
  ackId?: number;
}

type WriteFindingsOutput = z.input<typeof writeFindingsOutputSchema>;

/**
 * `write-findings`: each batch of `hec.batchSize` events is one `POST /services/collector/event`
 * whose body is the events' HEC envelopes (`{ time, host, source, sourcetype, index, event,
 * fields: { openmdr_uid } }`) concatenated, with `X-Splunk-Request-Channel`. A batch answered
 * 503 (server busy) or 429 is retried by the kit's HTTP client; HEC indexed nothing of it, so
 * the retry adds no duplicate. With `acknowledge`, the ack ids are polled on
 * `/services/collector/ack` until every batch is indexed.
 */
export const writeFindingsAction: ActionDefinition<
  SplunkConfig,
  SplunkClient,
  z.output<typeof writeFindingsInputSchema>,
  WriteFindingsOutput
> = {
  run: async (
    { events },
    { client, config, context },
  ): Promise<ActionResult<WriteFindingsOutput>> => {
    const hec = config.hec;
    if (!hec || !client.hec) {
      throw new ConnectorActionError('write-findings needs the hec configuration (url and token)');
    }
    const channel = hec.channel ?? hecChannelOf(client.tenant);
    const ids = events.map(hecEventId);
    const acks: number[] = [];
    let batches = 0;
    for (let start = 0; start < events.length; start += hec.batchSize) {
      const body = events
        .slice(start, start + hec.batchSize)
        .map((event, index) => {
          const device = event['device'] as { hostname?: unknown } | undefined;
          const time = typeof event['time'] === 'number' ? event['time'] / 1000 : undefined;
          return JSON.stringify({
            ...(time === undefined ? {} : { time }),
            ...(typeof device?.hostname === 'string' ? { host: device.hostname } : {}),
            source: hec.source,
            sourcetype: hec.sourcetype,
            ...(hec.index ? { index: hec.index } : {}),
            event,
            fields: { openmdr_uid: ids[start + index] },
          });
        })
        .join('\n');
      const response = await client.hec.request<HecResponse | undefined>({
        method: 'POST',
        path: SPLUNK_HEC_PATHS.event,
        headers: { 'x-splunk-request-channel': channel, 'content-type': 'application/json' },
        body,
      });
      batches += 1;
      if (response.data?.code !== undefined && response.data.code !== 0) {
        return { status: 'failed', reason: `HEC refused a batch: ${response.data.text ?? ''}` };
      }
      if (hec.acknowledge && typeof response.data?.ackId === 'number')
        acks.push(response.data.ackId);
    }
    for (let round = 0; acks.length > 0; round += 1) {
      if (round >= 60)
        return { status: 'failed', reason: `HEC did not acknowledge ${acks.join(', ')}` };
      const response = await client.hec.request<{ acks?: Record<string, boolean> } | undefined>({
        method: 'POST',
        path: SPLUNK_HEC_PATHS.ack,
        query: { channel },
        headers: { 'x-splunk-request-channel': channel },
        json: { acks },
      });
      const done = new Set(
        Object.entries(response.data?.acks ?? {})
          .filter(([, indexed]) => indexed)
          .map(([id]) => Number(id)),
      );
      acks.splice(0, acks.length, ...acks.filter((id) => !done.has(id)));
      if (acks.length > 0) await context.sleep(1_000);
    }
    return { status: 'completed', output: { sent: events.length, batches, ids } };
  },
};
