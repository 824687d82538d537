import type { TenantId } from '@openmdr/core';

/**
 * A query language a connector's search runs: the Sigma conversion targets of the SIEMs
 * (`splunk` SPL, `esql` Elastic ES|QL, `lucene` Elasticsearch query string, `kql` Kusto for
 * Microsoft Sentinel / Defender), or another a connector documents.
 */
export type SearchLanguageV1 = 'splunk' | 'esql' | 'lucene' | 'kql' | (string & {});

/** Options of {@link SearchCapableV1.runQuery}. */
export interface SearchOptionsV1 {
  /** Start of the time range, epoch ms (inclusive). */
  from: number;
  /** End of the time range, epoch ms (exclusive). */
  to: number;
  /**
   * The tenant the caller searches for. When given, it must be the instance's tenant: a search
   * never reaches another tenant's data (`ConnectorSearchError` otherwise).
   */
  tenant?: TenantId;
  /** The language of `query`; default the first of {@link SearchCapableV1.languages}. */
  language?: SearchLanguageV1;
  /**
   * Where to search, for languages whose queries do not name it (a Lucene query string's index
   * pattern); default the connector's configured source. Ignored by languages whose queries
   * name their source (SPL `index=`, ES|QL `FROM`, KQL tables).
   */
  source?: string;
  /** Cancels the search between requests. */
  signal?: AbortSignal;
}

/**
 * The search capability of a SIEM connector: runs one query in the SIEM's own language over a
 * time range and yields the matching records as the SIEM returns them (a Splunk result, an
 * Elasticsearch document or ES|QL row, a Log Analytics row; keyed by field or column name), in
 * the SIEM's order, every record once. Paging, polling and retries are the connector's; the
 * iteration ends when the range is exhausted. Vendor failures (a query the SIEM refuses, a
 * partial result) are thrown as typed errors (`ConnectorSearchError`, `ConnectorResponseError`,
 * `ConnectorHttpError`), never returned as an empty result.
 *
 * Optional on a connector instance (`ConnectorInstanceV1.search`): consumers such as
 * `@openmdr/hunting` test for it and use nothing else.
 */
export interface SearchCapableV1 {
  /** The languages `runQuery` accepts, the default first. */
  readonly languages: readonly SearchLanguageV1[];
  /** Runs `query` over `[from, to)` and yields the records. Nothing is sent before iteration starts. */
  runQuery(query: string, options: SearchOptionsV1): AsyncIterable<Record<string, unknown>>;
}
