/**
 * The search capability of connector instances: how `defineConnector` exposes a connector's
 * {@link SearchDefinition} (checked options), and how consumers find it.
 *
 * @module
 */
import type { TenantId } from '@openmdr/core';
import type { SearchCapableV1, SearchOptionsV1 } from '../contract/v1/search-v1.js';
import { ConnectorSearchError } from '../errors/search-error.js';

/** What {@link searchCapability} wraps: a connector's languages and query runner. */
export interface SearchRunner {
  /** The languages, the default first. */
  readonly languages: readonly string[];
  /** Runs a query whose options were checked (language resolved). */
  run(
    query: string,
    options: SearchOptionsV1 & { language: string },
  ): AsyncIterable<Record<string, unknown>>;
}

/**
 * The {@link SearchCapableV1} of one tenant's instance over `runner`: each `runQuery` checks,
 * when iteration starts, that the query is not blank, the range is finite and not inverted
 * (`from < to`), the language is one the connector searches in, and the tenant (when given)
 * is the instance's, then runs the query. Throws {@link ConnectorSearchError} otherwise.
 */
export function searchCapability(
  connectorId: string,
  tenant: TenantId,
  runner: SearchRunner,
): SearchCapableV1 {
  return {
    languages: [...runner.languages],
    runQuery: (query, options) =>
      (async function* () {
        const language = options.language ?? runner.languages[0];
        if (language === undefined || !runner.languages.includes(language)) {
          throw new ConnectorSearchError(
            `${connectorId} does not search in ${JSON.stringify(options.language)} (it searches in ${runner.languages.join(', ')})`,
            { details: { language: options.language, languages: [...runner.languages] } },
          );
        }
        if (options.tenant !== undefined && options.tenant !== tenant) {
          throw new ConnectorSearchError(
            `${connectorId} instance of tenant ${tenant} cannot search for tenant ${options.tenant}`,
            { details: { tenant: options.tenant } },
          );
        }
        if (
          !Number.isFinite(options.from) ||
          !Number.isFinite(options.to) ||
          options.from >= options.to
        ) {
          throw new ConnectorSearchError(
            `${connectorId} search needs a time range with from < to (epoch ms)`,
            { details: { from: options.from, to: options.to } },
          );
        }
        if (query.trim() === '') {
          throw new ConnectorSearchError(`${connectorId} search needs a query`);
        }
        options.signal?.throwIfAborted();
        yield* runner.run(query, { ...options, language });
      })(),
  };
}

/** True when `value` has the search capability ({@link SearchCapableV1}). */
export function isSearchCapable(value: unknown): value is SearchCapableV1 {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SearchCapableV1>;
  return Array.isArray(candidate.languages) && typeof candidate.runQuery === 'function';
}

/**
 * The search capability of a connector instance (its `search` member), or `undefined` when the
 * connector cannot search.
 */
export function searchOf(instance: { readonly search?: unknown }): SearchCapableV1 | undefined {
  return isSearchCapable(instance.search) ? instance.search : undefined;
}
