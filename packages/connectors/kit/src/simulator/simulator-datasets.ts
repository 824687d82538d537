import type {
  SimulatorDataset,
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
} from './simulator-types.js';

/** A dataset with its live record list (late events are appended). */
export interface LiveDataset {
  /** The declaration. */
  readonly dataset: SimulatorDataset;
  /** Current records. */
  readonly records: SimulatorRecord[];
}

function timeOf(record: SimulatorRecord, field: string): number {
  const value = record[field];
  return typeof value === 'number' ? value : Date.parse(String(value));
}

function parseTime(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const sortedCache = new WeakMap<SimulatorRecord[], { count: number; records: SimulatorRecord[] }>();

function sorted(live: LiveDataset, since: number | undefined, until?: number): SimulatorRecord[] {
  const { idField, timeField } = live.dataset;
  // records are only ever appended, so the sort is redone only when the count changed
  let cached = sortedCache.get(live.records);
  if (!cached || cached.count !== live.records.length) {
    cached = {
      count: live.records.length,
      records: [...live.records].sort(
        (a, b) =>
          timeOf(a, timeField) - timeOf(b, timeField) ||
          String(a[idField]).localeCompare(String(b[idField])),
      ),
    };
    sortedCache.set(live.records, cached);
  }
  return cached.records.filter((record) => {
    const time = timeOf(record, timeField);
    return (since === undefined || time >= since) && (until === undefined || time < until);
  });
}

const encodeToken = (offset: number): string => Buffer.from(`o:${offset}`).toString('base64url');
const decodeToken = (token: string | null): number => {
  if (!token) return 0;
  const text = Buffer.from(token, 'base64url').toString();
  return text.startsWith('o:') ? Number(text.slice(2)) : Number.NaN;
};

const pointsInTime = new Map<string, string>();

/** Serves one request to a dataset, or `undefined` when the request is not for it. */
export function serveDataset(
  live: LiveDataset,
  request: SimulatorRequest,
  origin: string,
): SimulatorResponse | undefined {
  const { dataset } = live;
  const pageSize = dataset.pageSize ?? 10;
  const since = parseTime(request.query.get('since'));
  switch (dataset.cursor) {
    case 'next-token':
    case 'link-header':
    case 'odata-next-link':
    case 'offset': {
      if (request.method !== 'GET' || request.path !== dataset.path) return undefined;
      const all = sorted(live, since);
      const limit =
        Number(request.query.get('limit') ?? request.query.get('$top') ?? pageSize) || pageSize;
      const offset =
        dataset.cursor === 'offset'
          ? Number(request.query.get('offset') ?? 0)
          : decodeToken(
              request.query.get(dataset.cursor === 'odata-next-link' ? '$skiptoken' : 'after'),
            );
      if (!Number.isInteger(offset) || offset < 0) {
        return { status: 400, body: { error: 'invalid cursor' } };
      }
      const page = all.slice(offset, offset + limit);
      const nextOffset = offset + page.length;
      const hasMore = nextOffset < all.length;
      const next = new URL(request.path, origin);
      for (const [key, value] of request.query) next.searchParams.set(key, value);
      if (dataset.cursor === 'next-token') {
        return { body: { data: page, meta: { next: hasMore ? encodeToken(nextOffset) : null } } };
      }
      if (dataset.cursor === 'link-header') {
        next.searchParams.set('after', encodeToken(nextOffset));
        const self = new URL(request.path, origin);
        for (const [key, value] of request.query) self.searchParams.set(key, value);
        const links = [`<${self.toString()}>; rel="self"`];
        if (hasMore) links.push(`<${next.toString()}>; rel="next"`);
        return { headers: { link: links.join(', ') }, body: page };
      }
      if (dataset.cursor === 'odata-next-link') {
        next.searchParams.set('$skiptoken', encodeToken(nextOffset));
        return {
          body: { value: page, ...(hasMore ? { '@odata.nextLink': next.toString() } : {}) },
        };
      }
      return { body: { items: page, total: all.length } };
    }
    case 'time-window': {
      if (request.method !== 'GET' || request.path !== dataset.path) return undefined;
      const startParam = dataset.window?.startParam ?? 'start';
      const endParam = dataset.window?.endParam ?? 'end';
      const start = parseTime(request.query.get(startParam));
      const end = parseTime(request.query.get(endParam));
      if (start === undefined || end === undefined) {
        return { status: 400, body: { error: `${startParam} and ${endParam} are required` } };
      }
      const records = sorted(live, start, end);
      return { body: dataset.window?.envelope === 'bare' ? records : { data: records } };
    }
    case 'search-after': {
      if (request.method === 'POST' && request.path === `${dataset.path}/_pit`) {
        const id = `pit-${Math.random().toString(36).slice(2)}`;
        pointsInTime.set(id, dataset.path);
        return { body: { id } };
      }
      if (request.method === 'DELETE' && request.path === '/_pit') {
        const id = (request.json as { id?: string } | undefined)?.id;
        return { body: { succeeded: id !== undefined && pointsInTime.delete(id), num_freed: 1 } };
      }
      if (request.method !== 'POST' || request.path !== '/_search') return undefined;
      const body = (request.json ?? {}) as {
        pit?: { id?: string };
        size?: number;
        search_after?: [number, string];
        query?: { range?: Record<string, { gte?: string | number }> };
      };
      if (!body.pit?.id || pointsInTime.get(body.pit.id) !== dataset.path) {
        return { status: 404, body: { error: 'search_context_missing_exception' } };
      }
      const gte = body.query?.range?.[dataset.timeField]?.gte;
      const all = sorted(live, gte === undefined ? undefined : parseTime(String(gte)));
      const after = body.search_after;
      const rest = after
        ? all.filter((record) => {
            const time = timeOf(record, dataset.timeField);
            const id = String(record[dataset.idField]);
            return time > after[0] || (time === after[0] && id.localeCompare(after[1]) > 0);
          })
        : all;
      const page = rest.slice(0, body.size ?? pageSize);
      return {
        body: {
          pit_id: body.pit.id,
          hits: {
            hits: page.map((record) => ({
              _id: String(record[dataset.idField]),
              _source: record,
              sort: [timeOf(record, dataset.timeField), String(record[dataset.idField])],
            })),
          },
        },
      };
    }
  }
}
