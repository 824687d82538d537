import type { SimulatorRequest, SimulatorRoute } from '@openmdr/connector-kit/simulator';
import { liveRecords } from '@openmdr/connector-kit/simulator';

/** The dataset holding the events HEC received (read them with `simulator.records`). */
export const SPLUNK_HEC_DATASET = 'hec:events';

/**
 * Splits a HEC body: JSON objects concatenated, with or without whitespace between them, as
 * `/services/collector/event` accepts them. `undefined` when the body is not such a sequence.
 */
export function splitConcatenatedJson(body: string): unknown[] | undefined {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) {
        try {
          out.push(JSON.parse(body.slice(start, index + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && !/\s/.test(char ?? '')) return undefined;
  }
  return depth === 0 ? out : undefined;
}

/** Options of {@link splunkHecRoutes}. */
export interface SplunkHecOptions {
  /** Indexer acknowledgement on: a channel is required and each POST gets an `ackId`. */
  acknowledge?: boolean;
  /** Ack polls answered `false` before an ack turns `true`. Default 1. */
  pendingAckPolls?: number;
}

/**
 * The HTTP Event Collector: `POST /services/collector/event` (concatenated JSON envelopes, each
 * with an `event`; the channel in `X-Splunk-Request-Channel` or `?channel=`, required with
 * acknowledgement) answering `{ text: 'Success', code: 0, ackId }`, and `POST
 * /services/collector/ack` (`{ acks: [ids] }` → `{ acks: { id: indexed } }`). Received events go
 * to the {@link SPLUNK_HEC_DATASET} dataset with their channel.
 */
export function splunkHecRoutes(options: SplunkHecOptions = {}): SimulatorRoute[] {
  const acks = new Map<string, Map<number, number>>();
  let nextAck = 0;
  const channelOf = (request: SimulatorRequest) =>
    request.headers['x-splunk-request-channel'] ?? request.query.get('channel') ?? undefined;
  return [
    {
      method: 'POST',
      path: '/services/collector/event',
      handle: (request) => {
        const channel = channelOf(request);
        if (options.acknowledge && !channel) {
          return { status: 400, body: { text: 'Data channel is missing', code: 10 } };
        }
        const envelopes = splitConcatenatedJson(request.body);
        if (!envelopes || envelopes.length === 0) {
          return { status: 400, body: { text: 'No data', code: 5 } };
        }
        const invalid = envelopes.findIndex(
          (envelope) => typeof envelope !== 'object' || envelope === null || !('event' in envelope),
        );
        if (invalid !== -1) {
          return {
            status: 400,
            body: { text: 'Event field is required', code: 12, 'invalid-event-number': invalid },
          };
        }
        const records = liveRecords(request, SPLUNK_HEC_DATASET) as Record<string, unknown>[];
        for (const envelope of envelopes) {
          records.push({ ...(envelope as Record<string, unknown>), channel });
        }
        if (!options.acknowledge || !channel) return { body: { text: 'Success', code: 0 } };
        const ackId = nextAck;
        nextAck += 1;
        const pending = acks.get(channel) ?? new Map<number, number>();
        pending.set(ackId, options.pendingAckPolls ?? 1);
        acks.set(channel, pending);
        return { body: { text: 'Success', code: 0, ackId } };
      },
    },
    {
      method: 'POST',
      path: '/services/collector/ack',
      handle: (request) => {
        const channel = channelOf(request);
        if (!channel) return { status: 400, body: { text: 'Data channel is missing', code: 10 } };
        const ids = (request.json as { acks?: unknown } | undefined)?.acks;
        if (!Array.isArray(ids))
          return { status: 400, body: { text: 'Invalid data format', code: 6 } };
        const pending = acks.get(channel) ?? new Map<number, number>();
        const answer: Record<string, boolean> = {};
        for (const id of ids) {
          const left = pending.get(Number(id));
          answer[String(id)] = left !== undefined && left <= 0;
          if (left !== undefined) pending.set(Number(id), left - 1);
        }
        return { body: { acks: answer } };
      },
    },
  ];
}
