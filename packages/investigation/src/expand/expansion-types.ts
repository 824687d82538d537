/** What an expansion asks a source for: events touching any of `entities` in `[from, to]`. */
export interface RelatedQuery {
  /** Graph node ids (`host:ws-01`, `process:{…}`, `ip:203.0.113.7`, `user:jdoe`, …). */
  entities: string[];
  /** Start of the time range, epoch ms (inclusive). */
  from: number;
  /** End of the time range, epoch ms (inclusive). */
  to: number;
  /** At most this many records are wanted. */
  limit: number;
}

/**
 * Where an expansion pulls related events from: the store's event log, an EDR's process-tree
 * action, a SIEM search. `related` yields OCSF events (records without `class_uid` are kept but
 * contribute only the entities that can be read from them) and may throw: the expansion reports
 * the failure and goes on with the other sources.
 */
export interface ExpansionSource {
  /** A name for the report (`store`, `crowdstrike:process-tree`, `splunk`). */
  name: string;
  /** Yields the records related to the query; stop when `signal` aborts. */
  related(query: RelatedQuery, signal: AbortSignal): AsyncIterable<Record<string, unknown>>;
}
