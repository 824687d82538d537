/**
 * A hunt's queries: its rules converted to the target's language (each rule that cannot be
 * converted reported with why), or its raw query.
 *
 * @module
 */
import {
  convertSigmaRule,
  mergeQueryMappings,
  SigmaConversionError,
  type SigmaConvertOptions,
  type SigmaQuery,
  type SigmaQueryTarget,
  type SigmaRule,
  sigmaBackend,
} from '@openmdr/detections';
import { HuntError } from './errors.js';
import type { Hunt, HuntFailure, HuntQuery } from './hunt.js';

/** Converts one rule (the signature of `convertSigmaRule` from `@openmdr/detections`). */
export type SigmaRuleConverter = (
  rule: SigmaRule,
  target: SigmaQueryTarget,
  options: SigmaConvertOptions,
) => SigmaQuery;

/** Options of {@link planHunt}. */
export interface HuntPlanOptions {
  /** The converter; default `convertSigmaRule`. */
  readonly convert?: SigmaRuleConverter | undefined;
  /** Render the predicate only (runners that choose the source themselves, as SQL runners). */
  readonly predicateOnly?: boolean | undefined;
}

/** What {@link planHunt} returns. */
export interface HuntPlan {
  /** The queries to run. */
  readonly queries: readonly HuntQuery[];
  /** Rules that could not be converted, with why. */
  readonly failures: readonly HuntFailure[];
}

/** The id a rule's hits carry: its `id`, else its `name`, else its title. */
export function ruleIdOf(rule: SigmaRule): string {
  return rule.id ?? rule.name ?? rule.title;
}

/**
 * Checks the shape of a hunt.
 *
 * @throws {HuntError} `HUNT_INVALID` when it has neither or both of `rules` and `query`, a
 *   blank raw query, or a range that is not finite with `from < to`.
 */
export function validateHunt(hunt: Hunt): void {
  const hasRules = hunt.rules !== undefined;
  const hasQuery = hunt.query !== undefined;
  if (hasRules === hasQuery) {
    throw new HuntError('HUNT_INVALID', `hunt ${hunt.id} needs either rules or a raw query`);
  }
  if (hasQuery && hunt.query?.query.trim() === '') {
    throw new HuntError('HUNT_INVALID', `hunt ${hunt.id} has a blank raw query`);
  }
  const { from, to } = hunt.range;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new HuntError('HUNT_INVALID', `hunt ${hunt.id} needs a time range with from < to`, {
      details: { from, to },
    });
  }
}

/** The raw query of a hunt as a {@link HuntQuery}. */
function rawQuery(hunt: Hunt): HuntQuery {
  const raw = hunt.query;
  if (raw === undefined) throw new HuntError('HUNT_INVALID', `hunt ${hunt.id} has no raw query`);
  return {
    rule_id: raw.id ?? `${hunt.id}:query`,
    title: raw.title ?? hunt.name,
    level: raw.level ?? 'medium',
    author: raw.author,
    query: raw.query,
    ...(raw.source === undefined ? {} : { source: raw.source }),
  };
}

function conversionOptions(hunt: Hunt, options: HuntPlanOptions): SigmaConvertOptions | string {
  const convertOptions: {
    mapping?: SigmaConvertOptions['mapping'];
    placeholders?: SigmaConvertOptions['placeholders'];
    predicateOnly?: boolean;
  } = {};
  if (hunt.placeholders !== undefined) convertOptions.placeholders = hunt.placeholders;
  if (options.predicateOnly !== undefined) convertOptions.predicateOnly = options.predicateOnly;
  if (hunt.mapping !== undefined) {
    try {
      convertOptions.mapping = mergeQueryMappings(
        sigmaBackend(hunt.target).defaultMapping,
        hunt.mapping,
      );
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return convertOptions;
}

/**
 * The queries of a hunt: its raw query, or each rule converted to the hunt's target with the
 * hunt's mapping overrides and placeholders. A rule the target cannot express (or that is
 * invalid, or a target without a backend) is a {@link HuntFailure} with the converter's code,
 * construct and reason; the other rules go on.
 *
 * @throws {HuntError} `HUNT_INVALID` for a malformed hunt (see {@link validateHunt}).
 */
export function planHunt(hunt: Hunt, options: HuntPlanOptions = {}): HuntPlan {
  validateHunt(hunt);
  if (hunt.query !== undefined) return { queries: [rawQuery(hunt)], failures: [] };
  const rules = hunt.rules ?? [];
  const convert = options.convert ?? convertSigmaRule;
  const queries: HuntQuery[] = [];
  const failures: HuntFailure[] = [];
  const convertOptions = conversionOptions(hunt, options);
  for (const rule of rules) {
    const rule_id = ruleIdOf(rule);
    if (typeof convertOptions === 'string') {
      failures.push({
        rule_id,
        title: rule.title,
        stage: 'conversion',
        code: 'HUNT_TARGET_UNSUPPORTED',
        reason: convertOptions,
      });
      continue;
    }
    try {
      const converted = convert(rule, hunt.target, convertOptions);
      queries.push({
        rule_id,
        title: rule.title,
        level: rule.level,
        author: rule.author,
        query: converted.query,
        rule,
        ...(converted.logsource?.source === undefined
          ? {}
          : { source: converted.logsource.source }),
      });
    } catch (error) {
      if (SigmaConversionError.isInstance(error)) {
        failures.push({
          rule_id,
          title: rule.title,
          stage: 'conversion',
          code: error.code,
          reason: error.problem.reason,
          construct: error.problem.construct,
        });
      } else if (error instanceof TypeError && /unknown Sigma query target/.test(error.message)) {
        failures.push({
          rule_id,
          title: rule.title,
          stage: 'conversion',
          code: 'HUNT_TARGET_UNSUPPORTED',
          reason: error.message,
        });
      } else {
        throw error;
      }
    }
  }
  return { queries, failures };
}
