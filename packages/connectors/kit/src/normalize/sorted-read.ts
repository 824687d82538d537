import type { HttpClient, HttpRequestOptions } from '../http/http-client.js';
import { paginate } from '../pagination/paginate.js';
import { isRecord, type JsonRecord } from './record-reader.js';

/** Options of {@link readSortedODataPages}. */
export interface SortedODataReadOptions {
  /** The first request (filter on the time field included). */
  request: HttpRequestOptions;
  /** Time of a record, epoch ms. */
  timeOf(record: JsonRecord): number;
  /** Id of a record (ties are broken by id). */
  idOf(record: JsonRecord): string;
  /** Records per yielded batch. */
  batchSize: number;
}

/**
 * Reads every `@odata.nextLink` page of a query whose results the API does not sort by the
 * watermark field (Defender and Graph ignore `$orderby` on these lists), then yields the
 * records sorted ascending by time, in batches. Because the whole result was read first, each
 * batch's newest time is a safe watermark: resuming after any batch loses nothing.
 */
export async function* readSortedODataPages(
  client: HttpClient,
  options: SortedODataReadOptions,
): AsyncGenerator<{ records: JsonRecord[] }> {
  const all: JsonRecord[] = [];
  for await (const page of paginate(client, {
    style: 'odata-next-link',
    request: options.request,
    recordsPath: 'value',
  })) {
    for (const record of page.records) if (isRecord(record)) all.push(record);
  }
  all.sort(
    (left, right) =>
      options.timeOf(left) - options.timeOf(right) ||
      options.idOf(left).localeCompare(options.idOf(right)),
  );
  if (all.length === 0) {
    yield { records: [] };
    return;
  }
  for (let index = 0; index < all.length; index += options.batchSize) {
    yield { records: all.slice(index, index + options.batchSize) };
  }
}
