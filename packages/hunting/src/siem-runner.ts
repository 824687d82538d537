/**
 * Hunts in a SIEM, through the search capability of its connector (`SearchCapableV1` of
 * `@openmdr/connector-kit`): Splunk SPL, Elastic ES|QL, Sentinel KQL. Hunting never imports a
 * vendor package: any connector instance with a `search` member will do.
 *
 * @module
 */
import { isSearchCapable, type SearchCapableV1, searchOf } from '@openmdr/connector-kit';
import type { Clock } from '@openmdr/core';
import { SIGMA_QUERY_TARGETS, type SigmaQueryTarget } from '@openmdr/detections';
import { HuntError } from './errors.js';
import type { HuntRunner } from './hunt.js';
import type { SigmaRuleConverter } from './plan.js';
import { type PlannedQueriesOptions, runPlannedQueries } from './run-hunt.js';

/** Options of {@link createSiemHuntRunner}. */
export interface SiemHuntRunnerOptions {
  /** Stamps hits whose record has no time. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** The rule converter; default `convertSigmaRule`. */
  readonly convert?: SigmaRuleConverter | undefined;
}

/**
 * A hunt runner over a SIEM's search: a connector instance with the search capability (or the
 * capability itself). It runs the hunt targets the SIEM searches in (its languages that are
 * Sigma query targets: `splunk`, `esql`, `lucene`, `kql`): each rule's query (or the raw
 * query) runs over the hunt's time range for the hunt's tenant (with the query's `source`, the
 * index a Lucene query runs on) — the connector refuses another
 * tenant — and each record found is a hit. A query the SIEM refuses is a `query` failure of
 * that rule; the other rules run on.
 *
 * @throws {HuntError} `HUNT_TARGET_UNSUPPORTED` when the instance has no search capability.
 */
export function createSiemHuntRunner(
  siem: SearchCapableV1 | { readonly search?: unknown },
  options: SiemHuntRunnerOptions = {},
): HuntRunner {
  const search = isSearchCapable(siem) ? siem : searchOf(siem);
  if (search === undefined) {
    throw new HuntError(
      'HUNT_TARGET_UNSUPPORTED',
      'the connector has no search capability (ConnectorInstanceV1.search)',
    );
  }
  const targets = SIGMA_QUERY_TARGETS.filter((target) => search.languages.includes(target));
  const planned: PlannedQueriesOptions = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.convert ? { convert: options.convert } : {}),
  };
  return {
    targets,
    run: (hunt, context) =>
      runPlannedQueries(
        hunt,
        context,
        (query) =>
          search.runQuery(query.query, {
            from: hunt.range.from,
            to: hunt.range.to,
            tenant: hunt.tenant,
            language: hunt.target satisfies SigmaQueryTarget,
            ...(query.source === undefined ? {} : { source: query.source }),
            ...(context.signal ? { signal: context.signal } : {}),
          }),
        planned,
      ),
  };
}
