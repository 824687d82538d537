import type {
  ActionManifestsV1,
  ConnectorInstanceV1,
  RunActionOptionsV1,
  SearchLanguageV1,
} from '@openmdr/connector-kit';
import { InvestigationError } from '../error-codes.js';
import { obj } from '../timeline/ocsf-read.js';
import type { ExpansionSource, RelatedQuery } from './expansion-types.js';

/** Turns what a connector returned into OCSF events (a record may give none or several). */
export type RecordNormalizer = (
  record: Record<string, unknown>,
) => Record<string, unknown> | readonly Record<string, unknown>[] | undefined;

/** Options of {@link connectorActionSource}. */
export interface ConnectorActionSourceOptions {
  /** The action to run (`process-tree`, `search-events`). */
  action: string;
  /** Builds the action's input from the query; `undefined` skips the query (nothing to ask). */
  input: (query: RelatedQuery) => unknown;
  /**
   * The records of the action's output; default: the output when it is an array, else its
   * `events`, `records`, `processes` or `results` array.
   */
  records?: (output: unknown, query: RelatedQuery) => Iterable<Record<string, unknown>>;
  /** Normalises each record (e.g. `(raw) => instance.normalize('events', raw)`); default none. */
  normalize?: RecordNormalizer;
  /** Poll interval and timeout of `runAction` (its `signal` is the expansion's). */
  run?: Omit<RunActionOptionsV1, 'signal'>;
  /** The name in the expansion report; default `<connector id>:<action>`. */
  name?: string;
}

function defaultRecords(output: unknown): Record<string, unknown>[] {
  const list = Array.isArray(output)
    ? output
    : (['events', 'records', 'processes', 'results']
        .map((key) => obj(output)?.[key])
        .find((value) => Array.isArray(value)) as unknown[] | undefined);
  return (list ?? []).filter((item): item is Record<string, unknown> => obj(item) !== undefined);
}

function* normalized(
  records: Iterable<Record<string, unknown>>,
  normalize: RecordNormalizer | undefined,
): Generator<Record<string, unknown>> {
  for (const record of records) {
    if (normalize === undefined) {
      yield record;
      continue;
    }
    const result = normalize(record);
    if (result === undefined) continue;
    if (Array.isArray(result)) yield* result as Record<string, unknown>[];
    else yield result as Record<string, unknown>;
  }
}

/**
 * An expansion source that runs a connector action through the connector-kit contract
 * (`ConnectorInstanceV1.runAction`: input validated by the action's schema, asynchronous actions
 * polled to completion) — an EDR's process-tree or event-search action — and yields the records
 * of its output, normalised when asked. A failed action throws (the expansion reports it).
 */
export function connectorActionSource(
  instance: ConnectorInstanceV1<string, ActionManifestsV1>,
  options: ConnectorActionSourceOptions,
): ExpansionSource {
  if (instance.manifest.actions[options.action] === undefined) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `connector ${instance.manifest.id} has no action ${options.action}`,
    );
  }
  return {
    name: options.name ?? `${instance.manifest.id}:${options.action}`,
    async *related(query, signal) {
      const input = options.input(query);
      if (input === undefined) return;
      const output = await instance.runAction(options.action, input as never, {
        ...options.run,
        signal,
      });
      let yielded = 0;
      const records = (options.records ?? defaultRecords)(output, query);
      for (const event of normalized(records, options.normalize)) {
        if (yielded >= query.limit || signal.aborted) return;
        yield event;
        yielded += 1;
      }
    },
  };
}

/** Options of {@link connectorSearchSource}. */
export interface ConnectorSearchSourceOptions {
  /** Writes the query in the SIEM's language for the entities; `undefined` skips the query. */
  query: (query: RelatedQuery) => string | undefined;
  language?: SearchLanguageV1;
  /** Where to search, for languages whose queries do not name it. */
  source?: string;
  normalize?: RecordNormalizer;
  /** The name in the expansion report; default `<connector id>:search`. */
  name?: string;
}

/**
 * An expansion source over a SIEM connector's search (`ConnectorInstanceV1.search.runQuery`, the
 * query written by the caller for the frontier's entities over `[from, to]`), yielding its
 * records, normalised when asked, up to the query's limit.
 * @throws {InvestigationError} (`INVESTIGATION_INVALID`) for a connector without search.
 */
export function connectorSearchSource(
  instance: ConnectorInstanceV1<string, ActionManifestsV1>,
  options: ConnectorSearchSourceOptions,
): ExpansionSource {
  const search = instance.search;
  if (search === undefined) {
    throw new InvestigationError(
      'INVESTIGATION_INVALID',
      `connector ${instance.manifest.id} cannot search`,
    );
  }
  return {
    name: options.name ?? `${instance.manifest.id}:search`,
    async *related(query, signal) {
      const text = options.query(query);
      if (text === undefined) return;
      let yielded = 0;
      const rows = search.runQuery(text, {
        from: query.from,
        // runQuery's end is exclusive, the query's inclusive.
        to: query.to + 1,
        signal,
        ...(options.language === undefined ? {} : { language: options.language }),
        ...(options.source === undefined ? {} : { source: options.source }),
      });
      for await (const row of rows) {
        for (const event of normalized([row], options.normalize)) {
          if (yielded >= query.limit) return;
          yield event;
          yielded += 1;
        }
        if (signal.aborted) return;
      }
    },
  };
}
