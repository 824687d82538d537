import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { MispClient } from './client.js';
import type { MispConfig } from './config.js';
import { normalizeMispAttribute } from './normalize.js';

const DAY_MS = 86_400_000;

/** An attribute's `timestamp` (epoch seconds, as a string or a number) in epoch ms; 0 when absent. */
export function mispAttributeTime(attribute: JsonRecord): number {
  const seconds = Number(attribute['timestamp']);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/**
 * The `attributes` stream: MISP attributes whose `timestamp` (last change) is at or after the
 * watermark minus the look-back, from `POST /attributes/restSearch` with `page`/`limit`, event
 * tags included (`includeEventTags`) so that TLP tags reach the caller. MISP does not promise
 * an order across pages, so the watermark advances once a run has read every page; each version
 * of an attribute (`uuid@timestamp`) is delivered once. The raw attributes go to
 * `loadMispContent` of `@openmdr/detections` as an array.
 */
export const attributesStream: StreamDefinition<MispConfig, MispClient> = {
  read: ({ client, config }, state) =>
    incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: config.startAt ? Date.parse(config.startAt) : client.api.serverNow() - 30 * DAY_MS,
      lookbackMs: config.lookbackMs,
      order: 'unordered',
      idOf: (attribute) =>
        `${String(attribute['uuid'] ?? attribute['id'])}@${mispAttributeTime(attribute)}`,
      timeOf: mispAttributeTime,
      pages: async function* (since) {
        for (let page = 1; ; page += 1) {
          const records = await client.searchAttributes({
            timestamp: Math.floor(since / 1000),
            page,
            limit: config.pageSize,
            includeEventTags: true,
            ...(config.toIdsOnly ? { to_ids: 1 } : {}),
            ...(config.includeDeleted ? { deleted: [0, 1] } : {}),
            ...(config.types ? { type: config.types } : {}),
            ...(config.tags ? { tags: config.tags } : {}),
          });
          yield { records };
          if (records.length < config.pageSize) return;
        }
      },
    }),
  normalize: (raw) => normalizeMispAttribute(raw),
};
