import type { StreamDefinition, VersionedState } from '@openmdr/connector-kit';
import { ConnectorStateError } from '@openmdr/connector-kit';
import type { FeedValidators, IntelFeedsClient } from './client.js';
import type { IntelFeedsConfig } from './config.js';
import { feedRows, type IntelFeedRow, rowDigest } from './feed-rows.js';
import { normalizeIntelFeedRow } from './normalize.js';

/** The state version of the `rows` stream. */
export const INTEL_FEEDS_STATE_VERSION = 1;

/** The cursor of one feed: the validators of its last complete fetch and the rows delivered. */
export type IntelFeedCursor = FeedValidators & {
  /** Digests of the rows of the current content already delivered (`rowDigest`). */
  rows: string[];
};

/** The state of the `rows` stream: one cursor per feed name. */
export type IntelFeedsState = {
  /** State schema version (1). */
  version: 1;
  /** Cursors by feed name. */
  feeds: Record<string, IntelFeedCursor>;
};

function stateOf(state: VersionedState | undefined): IntelFeedsState {
  if (state === undefined) return { version: 1, feeds: {} };
  const feeds = (state as Partial<IntelFeedsState>).feeds;
  if (typeof feeds !== 'object' || feeds === null || Array.isArray(feeds))
    throw new ConnectorStateError('intel feeds state has no feeds map');
  return { version: 1, feeds: { ...feeds } };
}

const snapshot = (state: IntelFeedsState): VersionedState =>
  ({
    version: 1,
    feeds: { ...state.feeds },
  }) satisfies IntelFeedsState as unknown as VersionedState;

/**
 * The `rows` stream: each feed fetched with a conditional GET (`If-None-Match` with the last
 * `ETag`, `If-Modified-Since` with the last `Last-Modified`); a 304 delivers nothing. A changed
 * feed delivers the rows not delivered before (a row is its text: a changed row is new), in file
 * order and batches of `batchSize`; the new validators are committed with the last batch, so a
 * read cut short resumes with the rest. Rows that left the feed are forgotten, not delivered.
 */
export const rowsStream: StreamDefinition<IntelFeedsConfig, IntelFeedsClient> = {
  read: async function* ({ client, config }, state) {
    const current = stateOf(state);
    for (const feed of config.feeds) {
      const cursor = current.feeds[feed.name];
      const fetched = await client.fetch(feed, cursor);
      if (fetched.status === 'unchanged') {
        yield { records: [], state: snapshot(current) };
        continue;
      }
      const rows = feedRows(feed, fetched.text, new Date(fetched.fetchedAt).toISOString());
      const digests = rows.map(rowDigest);
      const present = new Set(digests);
      const delivered = new Set((cursor?.rows ?? []).filter((digest) => present.has(digest)));
      const fresh: IntelFeedRow[] = [];
      rows.forEach((row, index) => {
        const digest = digests[index] as string;
        if (delivered.has(digest)) return;
        delivered.add(digest);
        fresh.push(row);
      });
      const kept = (cursor?.rows ?? []).filter((digest) => present.has(digest));
      const validators: FeedValidators = {
        ...(fetched.etag ? { etag: fetched.etag } : {}),
        ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
      };
      const old: FeedValidators = {
        ...(cursor?.etag ? { etag: cursor.etag } : {}),
        ...(cursor?.lastModified ? { lastModified: cursor.lastModified } : {}),
      };
      const done = [...kept];
      for (let start = 0; start === 0 || start < fresh.length; start += config.batchSize) {
        const batch = fresh.slice(start, start + config.batchSize);
        done.push(...batch.map(rowDigest));
        const last = start + config.batchSize >= fresh.length;
        current.feeds[feed.name] = { ...(last ? validators : old), rows: [...done] };
        yield { records: batch, state: snapshot(current) };
      }
    }
  },
  normalize: (raw) => normalizeIntelFeedRow(raw),
};
