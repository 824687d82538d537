import type { AppendLog, JsonValue } from '@openmdr/core';
import { entitiesOf } from '../timeline/entry-entities.js';
import { obj } from '../timeline/ocsf-read.js';
import { timelineEntry } from '../timeline/timeline-entry.js';
import type { ExpansionSource } from './expansion-types.js';

/** Options of {@link storeEventSource}. */
export interface StoreEventSourceOptions {
  /** The source's name in the expansion report; default `store:<stream>`. */
  name?: string;
  /** Log entries read per request; default 1 000. */
  pageSize?: number;
}

/** The OCSF event of a log entry: the `event` of a pipeline envelope (`{id, event}`), else the entry. */
function eventOf(data: JsonValue): Record<string, unknown> | undefined {
  const record = obj(data);
  if (record === undefined) return undefined;
  const inner = obj(record['event']);
  return inner !== undefined && !('class_uid' in record) ? inner : record;
}

/**
 * An expansion source over a stream of the core store's append log, as the pipeline's
 * `logSink` writes it (`{id, event}` envelopes; bare events are read too): it scans the stream
 * page by page and yields the events in the query's time range that touch one of its entities,
 * up to its limit. A scan per query: meant for the embedded store and modest streams; a SIEM or
 * lake source answers large ones.
 */
export function storeEventSource(
  log: AppendLog,
  stream: string,
  options: StoreEventSourceOptions = {},
): ExpansionSource {
  const pageSize = Math.max(1, options.pageSize ?? 1_000);
  return {
    name: options.name ?? `store:${stream}`,
    async *related(query, signal) {
      const wanted = new Set(query.entities);
      let yielded = 0;
      let next = 1;
      while (yielded < query.limit && !signal.aborted) {
        const page = await log.read<JsonValue>(stream, { from: next, limit: pageSize });
        for (const entry of page) {
          const event = eventOf(entry.data);
          if (event === undefined) continue;
          const time = timelineEntry(event).reportedTime;
          if (!(time >= query.from && time <= query.to)) continue;
          if (!entitiesOf(event).some((id) => wanted.has(id))) continue;
          yield event;
          yielded += 1;
          if (yielded >= query.limit || signal.aborted) return;
        }
        if (page.length < pageSize) return;
        next = (page[page.length - 1]?.sequence ?? next) + 1;
      }
    },
  };
}
