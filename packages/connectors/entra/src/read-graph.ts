import type {
  ConnectorSession,
  DedupEntries,
  HttpClient,
  ReadBatch,
  VersionedState,
} from '@openmdr/connector-kit';
import { INCREMENTAL_STATE_VERSION, incrementalRead, paginate } from '@openmdr/connector-kit';
import type { EntraConfig, EntraStreamOptions } from './config.js';

/** The Entra client: the kit HTTP client on `<graph>/<version>` with the app's token. */
export interface EntraClient {
  /** The Graph HTTP client. */
  readonly graph: HttpClient;
}

/** The state of an Entra stream (version 1). */
export interface EntraStreamState extends VersionedState {
  version: 1;
  /** Newest record time delivered, epoch ms. */
  watermark?: number;
  /** Recently delivered record keys with their times. */
  seen: DedupEntries;
}

/** How one Graph list endpoint is read incrementally. */
export interface GraphStreamSpec {
  /** Path under the Graph version (`/auditLogs/signIns`). */
  path: string;
  /** The time field the `$filter` and the watermark follow (`createdDateTime`). */
  timeField: string;
  /**
   * The key a record is delivered once under: the id, or the id with its update time for
   * records that change (a risky user's risk).
   */
  keyOf(record: Record<string, unknown>): string;
  /** The stream options in the config. */
  options(config: EntraConfig): EntraStreamOptions;
}

const DAY_MS = 86_400_000;

/**
 * Reads a Graph list endpoint incrementally: `$filter=<timeField> ge <watermark − look-back>`,
 * `$top`, `@odata.nextLink` pages (the kit's OData pagination). Graph returns records newest first
 * and makes sign-ins available late, so the watermark advances only when a run has read every
 * page, each run reaches back by the look-back, and records already delivered are dropped by key.
 * Records older than the filter are dropped too, should an endpoint ignore it. A run reads every
 * page: with newest-first results, stopping early and advancing the watermark would skip the older
 * pages.
 */
export function graphStreamReader(
  spec: GraphStreamSpec,
): (
  session: ConnectorSession<EntraConfig, EntraClient>,
  state: VersionedState | undefined,
) => AsyncIterable<ReadBatch<Record<string, unknown>>> {
  const timeOf = (record: Record<string, unknown>): number => {
    const time = Date.parse(String(record[spec.timeField]));
    return Number.isNaN(time) ? 0 : time;
  };
  return async function* read(session, stored) {
    const { client, config } = session;
    const options = spec.options(config);
    const state = stored as EntraStreamState | undefined;
    const startAt = options.since ? Date.parse(options.since) : client.graph.serverNow() - DAY_MS;
    // The look-back never reaches before a configured start: records before it are not wanted.
    const floor = options.since ? startAt : Number.NEGATIVE_INFINITY;
    async function* pages(from: number): AsyncGenerator<{ records: Record<string, unknown>[] }> {
      const since = Math.max(from, floor);
      const filter = `${spec.timeField} ge ${new Date(since).toISOString()}`;
      for await (const page of paginate<Record<string, unknown>>(client.graph, {
        style: 'odata-next-link',
        request: {
          path: spec.path,
          query: { $filter: filter, $top: options.pageSize },
          ...(session.signal ? { signal: session.signal } : {}),
        },
        recordsPath: 'value',
      })) {
        yield { records: page.records.filter((record) => timeOf(record) >= since) };
      }
    }
    for await (const batch of incrementalRead<Record<string, unknown>>({
      state: state
        ? {
            version: INCREMENTAL_STATE_VERSION,
            ...(state.watermark === undefined ? {} : { watermark: state.watermark }),
            seen: state.seen,
          }
        : undefined,
      startAt,
      lookbackMs: options.lookbackMinutes * 60_000,
      idOf: spec.keyOf,
      timeOf,
      pages,
      order: 'unordered',
    })) {
      const out: EntraStreamState = {
        version: 1,
        ...(batch.state.watermark === undefined ? {} : { watermark: batch.state.watermark }),
        seen: batch.state.seen,
      };
      yield { records: batch.records, state: out };
    }
  };
}
