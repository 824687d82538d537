import type { ConnectorSession, StreamDefinition, VersionedState } from '@openmdr/connector-kit';
import {
  ConnectorResponseError,
  ConnectorStateError,
  type IncrementalState,
  incrementalRead,
} from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { TaxiiClient } from './client.js';
import type { TaxiiConfig } from './config.js';
import { normalizeTaxiiObject } from './normalize.js';

type Session = ConnectorSession<TaxiiConfig, TaxiiClient>;

/** The state version of the `objects` stream. */
export const TAXII_STATE_VERSION = 1;

/**
 * The state of the `objects` stream: one incremental cursor per collection id (watermark:
 * the newest `X-TAXII-Date-Added-Last` committed; `seen`: `id@modified` of the objects read
 * inside the look-back).
 */
export type TaxiiObjectsState = {
  /** State schema version (1). */
  version: 1;
  /** The cursor of each collection, by id. */
  collections: Record<string, IncrementalState>;
};

/** An object with the time the server added it, as far as the page headers tell. */
interface Dated {
  object: JsonRecord;
  addedAt: number;
}

/** The version key of a STIX object: `id@modified` (objects without `modified`: `id@created`). */
export function stixVersionKey(object: JsonRecord): string {
  return `${String(object['id'])}@${String(object['modified'] ?? object['created'] ?? '')}`;
}

function stateOf(state: VersionedState | undefined): TaxiiObjectsState {
  if (state === undefined) return { version: 1, collections: {} };
  const collections = (state as Partial<TaxiiObjectsState>).collections;
  if (typeof collections !== 'object' || collections === null || Array.isArray(collections))
    throw new ConnectorStateError('TAXII objects state has no collections map');
  return { version: 1, collections: { ...collections } };
}

/** The API root and collection ids a read covers: from the config, else discovered. */
async function targets(session: Session): Promise<{ apiRoot: string; collections: string[] }> {
  const { client, config } = session;
  let apiRoot = config.apiRoot;
  if (apiRoot === undefined) {
    const discovery = await client.discover();
    apiRoot = discovery.default ?? discovery.api_roots[0];
    if (apiRoot === undefined)
      throw new ConnectorResponseError(`TAXII server ${client.discoveryUrl} lists no API root`);
  }
  if (config.collections !== undefined) return { apiRoot, collections: config.collections };
  const listed = await client.collections(apiRoot);
  return {
    apiRoot,
    collections: listed.filter((collection) => collection.can_read).map(({ id }) => id),
  };
}

/**
 * The `objects` stream: every STIX object of the configured collections (or of every readable
 * collection of the API root), collection after collection, as the server returns them — raw
 * STIX 2.1 objects, for `loadStixObjects` of `@openmdr/detections` or any STIX consumer. Each
 * run asks for `added_after = watermark - lookbackMs` and follows `next` (or, from servers that
 * do not send one, `X-TAXII-Date-Added-Last`) while `more` is true; the watermark is the last
 * page's `X-TAXII-Date-Added-Last`, and re-read objects are dropped by `id@modified`.
 */
export const objectsStream: StreamDefinition<TaxiiConfig, TaxiiClient> = {
  read: async function* (session: Session, state: VersionedState | undefined) {
    const { client, config } = session;
    const current = stateOf(state);
    const { apiRoot, collections } = await targets(session);
    for (const collectionId of collections) {
      const reads = incrementalRead<Dated>({
        state: current.collections[collectionId],
        startAt: config.startAt ? Date.parse(config.startAt) : 0,
        lookbackMs: config.lookbackMs,
        idOf: (dated) => stixVersionKey(dated.object),
        timeOf: (dated) => dated.addedAt,
        pages: async function* (since) {
          const pages = client.objects(apiRoot, collectionId, {
            // added_after is exclusive: ask from just before `since`
            ...(since > 0 ? { addedAfter: since - 1 } : {}),
            limit: config.pageSize,
            ...(config.types ? { types: config.types } : {}),
          });
          for await (const page of pages) {
            // a server that sends no X-TAXII-Date-Added-Last: the objects' own modified times
            const addedAt = (object: JsonRecord) =>
              page.dateAddedLast ?? (Date.parse(String(object['modified'] ?? '')) || since);
            yield {
              records: page.objects.map((object) => ({ object, addedAt: addedAt(object) })),
            };
          }
        },
      });
      for await (const batch of reads) {
        current.collections[collectionId] = batch.state;
        yield {
          records: batch.records.map((dated) => dated.object),
          state: {
            version: TAXII_STATE_VERSION,
            collections: { ...current.collections },
          } satisfies TaxiiObjectsState as unknown as VersionedState,
        };
      }
    }
  },
  normalize: (raw) => normalizeTaxiiObject(raw),
};
