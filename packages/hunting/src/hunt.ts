/**
 * The hunt model: what a hunt looks for (Sigma rules or a raw query), where (a query target),
 * over which time range, and what it finds (hits) or could not run (failures).
 *
 * @module
 */
import type { TenantId } from '@openmdr/core';
import type {
  SigmaLevel,
  SigmaQueryMappingOverride,
  SigmaQueryTarget,
  SigmaRule,
} from '@openmdr/detections';

/** A time range, epoch milliseconds: `from` inclusive, `to` exclusive. */
export interface HuntTimeRange {
  readonly from: number;
  readonly to: number;
}

/**
 * A query written by hand in the target's language (SPL, ES|QL, KQL, SQL), run as is. It
 * stands in for a rule: its id, title, level and author are what its hits carry.
 */
export interface HuntRawQuery {
  /** The query, in the hunt target's language. */
  readonly query: string;
  /** The id its hits and findings carry; default `<hunt id>:query`. */
  readonly id?: string | undefined;
  /** The title of its hits; default the hunt's name. */
  readonly title?: string | undefined;
  /** The level of its hits (finding severity); default `medium`. */
  readonly level?: SigmaLevel | undefined;
  /** Who wrote it. */
  readonly author?: string | undefined;
  /** Tags (ATT&CK `attack.t1059.001`), as a Sigma rule's. */
  readonly tags?: readonly string[] | undefined;
  /** Description, carried into findings. */
  readonly description?: string | undefined;
  /**
   * Where it runs, for languages whose queries do not name it (a Lucene query's index
   * pattern); default the runner's.
   */
  readonly source?: string | undefined;
}

/**
 * A hunt: Sigma rules (converted to the target's language) or one raw query, run over a time
 * range of one tenant's data in one place (a SIEM, a DuckDB file set, the event store).
 */
export interface Hunt {
  /** Stable id (scheduled hunts keep it across runs). */
  readonly id: string;
  /** The tenant whose data is hunted; runners never search another tenant's data. */
  readonly tenant: TenantId;
  /** Display name. */
  readonly name: string;
  /** The Sigma rules to hunt with (give `rules` or `query`). */
  readonly rules?: readonly SigmaRule[] | undefined;
  /** A raw query instead of rules. */
  readonly query?: HuntRawQuery | undefined;
  /** The query language the rules are converted to and the runner runs. */
  readonly target: SigmaQueryTarget;
  /** The time range searched. */
  readonly range: HuntTimeRange;
  /**
   * Overrides of the target's built-in query mapping (fields, logsources, sources), merged
   * over it with `mergeQueryMappings` (the tenant's index or table names, renamed fields).
   */
  readonly mapping?: SigmaQueryMappingOverride | undefined;
  /** Values of `expand` placeholders of the rules. */
  readonly placeholders?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Who asked for it (an analyst, `scheduler`, `retro-hunt`). */
  readonly createdBy?: string | undefined;
}

/**
 * One record a hunt query found: the record as the place it was found returns it, and the
 * rule (or raw query) that found it.
 */
export interface HuntHit {
  /** The record (a Splunk result, an Elasticsearch row, a Log Analytics row, an SQL row). */
  readonly event: Readonly<Record<string, unknown>>;
  /** The rule id (or the raw query's id). */
  readonly rule_id: string;
  /** The rule's title. */
  readonly title: string;
  /** The rule's level. */
  readonly level: SigmaLevel | undefined;
  /** The rule's author (SigmaHQ rules: carried with every finding, as the DRL 1.1 requires). */
  readonly author: string | undefined;
  /** The query that found it, as run. */
  readonly query: string;
  /**
   * When the event happened, epoch ms, read from the record's time (`_time`, `@timestamp`,
   * `TimeGenerated`, OCSF `time`, …); the time the hunt ran when the record has none.
   */
  readonly observedAt: number;
  /**
   * The record's identity in its store (`_bkt:_cd`, `_index/_id`, `_ItemId`, `metadata.uid`),
   * when the runner knows it; see `eventIdentity`.
   */
  readonly eventId?: string | undefined;
}

/** Where a rule failed: converting it, or running its query. */
export type HuntFailureStage = 'conversion' | 'query';

/**
 * A rule (or raw query) of a hunt that produced no query or whose query failed: reported with
 * the reason, never dropped.
 */
export interface HuntFailure {
  /** The rule id (or the raw query's id). */
  readonly rule_id: string;
  /** The rule's title. */
  readonly title: string;
  /** Where it failed. */
  readonly stage: HuntFailureStage;
  /**
   * A stable code: the conversion error's (`SIGMA_CONVERSION_UNSUPPORTED`,
   * `SIGMA_CONVERSION_UNMAPPED`, `SIGMA_RULE_INVALID`, `HUNT_TARGET_UNSUPPORTED`) or the query
   * error's (`CONNECTOR_SEARCH`, `CONNECTOR_HTTP`, …; `HUNT_QUERY_FAILED` when it has none).
   */
  readonly code: string;
  /** Why, in words. */
  readonly reason: string;
  /** The offending construct of a conversion failure (`CommandLine|re`). */
  readonly construct?: string | undefined;
  /** The query, for a query failure. */
  readonly query?: string | undefined;
}

/** One query a hunt runs: a converted rule or the raw query. */
export interface HuntQuery {
  /** The rule id (or the raw query's id). */
  readonly rule_id: string;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly author: string | undefined;
  /** The query in the hunt's target language. */
  readonly query: string;
  /** The rule, when the query was converted from one. */
  readonly rule?: SigmaRule | undefined;
  /**
   * Where the query runs when the language does not say it in the query (a Lucene query's
   * index pattern): the rule's logsource source in the mapping, or the raw query's `source`.
   */
  readonly source?: string | undefined;
}

/** What a hunt found, and what it could not run. */
export interface HuntResult {
  /** The hunt. */
  readonly hunt: Hunt;
  /** The queries run (one per rule converted, or the raw query). */
  readonly queries: readonly HuntQuery[];
  /** The hits, in the order the runner yielded them. */
  readonly hits: readonly HuntHit[];
  /** Rules that could not be converted or whose query failed, each with why. */
  readonly failures: readonly HuntFailure[];
  /** Hits per rule id (rules without hits are listed with 0). */
  readonly hitsByRule: Readonly<Record<string, number>>;
  /** When the run started and ended (epoch ms, from the clock given). */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** What a runner reports to while it runs a hunt. */
export interface HuntRunContext {
  /** Reports a rule that could not be converted or whose query failed; the hunt goes on. */
  reportFailure(failure: HuntFailure): void;
  /** Reports a query the runner runs (for the result's `queries`). */
  reportQuery?(query: HuntQuery): void;
  /** Cancels the hunt. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs hunts in one place (a SIEM through its connector's search capability, DuckDB over
 * files, the PostgreSQL/PGlite event store). A runner converts the hunt's rules with
 * `planHunt` (or runs its raw query), reports every rule it cannot convert or whose query fails
 * through `context.reportFailure` and goes on with the others, and yields the hits.
 */
export interface HuntRunner {
  /** The targets (query languages) the runner runs. */
  readonly targets: readonly SigmaQueryTarget[];
  /** Runs `hunt`; the hits as an async iterable, an iterable, or a promise of an array. */
  run(
    hunt: Hunt,
    context: HuntRunContext,
  ): AsyncIterable<HuntHit> | Iterable<HuntHit> | Promise<readonly HuntHit[]>;
}
