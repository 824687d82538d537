/**
 * Converts Sigma rules to queries: the rule's query tree, the target's mapping, and the
 * target's backend. A rule a target cannot express is reported with the construct and why.
 *
 * @module
 */
import { SigmaRuleError } from '../errors.js';
import type { SigmaRule } from '../types.js';
import { SIGMA_BACKENDS } from './backends/index.js';
import { SigmaConversionError, type SigmaConversionErrorCode } from './errors.js';
import { findLogsourceMapping, mappedFields } from './mapping.js';
import { buildQueryTree, QueryTreeError } from './query-tree.js';
import type {
  SigmaBackendContext,
  SigmaConvertOptions,
  SigmaQuery,
  SigmaQueryBackend,
  SigmaQueryTarget,
} from './types.js';

/** The backend of a target. Throws a `TypeError` for an unknown target. */
export function sigmaBackend(target: SigmaQueryTarget): SigmaQueryBackend {
  const backend = SIGMA_BACKENDS[target] as SigmaQueryBackend | undefined;
  if (backend === undefined) throw new TypeError(`unknown Sigma query target '${target}'`);
  return backend;
}

class Unsupported extends Error {
  constructor(
    readonly construct: string,
    readonly reason: string,
    readonly code: SigmaConversionErrorCode = 'SIGMA_CONVERSION_UNSUPPORTED',
  ) {
    super(reason);
  }
}

/**
 * Converts one rule to a query for `target`. Throws {@link SigmaConversionError} when the
 * target cannot express the rule (or the rule is invalid), naming the construct and why.
 */
export function convertSigmaRule(
  rule: SigmaRule,
  target: SigmaQueryTarget,
  options: SigmaConvertOptions = {},
): SigmaQuery {
  const backend = sigmaBackend(target);
  const mapping = options.mapping ?? backend.defaultMapping;
  const ruleId = rule.id ?? rule.name ?? rule.title;
  const problem = (construct: string, reason: string, line?: number) => ({
    ruleId,
    title: rule.title,
    target,
    construct,
    reason,
    file: rule.source.file,
    line: line ?? rule.source.line,
  });
  let tree: ReturnType<typeof buildQueryTree>;
  try {
    tree = buildQueryTree(rule.detection, {
      placeholders: options.placeholders ?? {},
      unresolvedPlaceholders: 'error',
    });
  } catch (error) {
    if (error instanceof QueryTreeError) {
      throw new SigmaConversionError(
        'SIGMA_RULE_INVALID',
        problem(`detection.${error.key}`, error.message, error.item?.position?.line),
      );
    }
    throw error;
  }
  const logsource = findLogsourceMapping(mapping, rule.logsource);
  const predicateOnly = options.predicateOnly === true;
  const source = logsource?.source ?? mapping.defaultSource;
  const context: SigmaBackendContext = {
    rule,
    mapping,
    logsource,
    source,
    predicateOnly,
    fields(field) {
      const fields = mappedFields(mapping, logsource, field);
      if (fields === undefined || fields.length === 0) {
        throw new Unsupported(
          field,
          `mapping '${mapping.name}' has no target field for '${field}'`,
          'SIGMA_CONVERSION_UNMAPPED',
        );
      }
      return fields;
    },
    unsupported(construct, why) {
      throw new Unsupported(construct, why);
    },
  };
  try {
    if (!predicateOnly && source === undefined) {
      throw new Unsupported(
        'logsource',
        `mapping '${mapping.name}' has no source for ${describeLogsource(rule)}`,
        'SIGMA_CONVERSION_UNMAPPED',
      );
    }
    const query = backend.render(tree, context);
    return { ruleId, title: rule.title, target, query, logsource };
  } catch (error) {
    if (error instanceof Unsupported) {
      throw new SigmaConversionError(error.code, problem(error.construct, error.reason));
    }
    if (error instanceof SigmaRuleError) {
      throw new SigmaConversionError('SIGMA_RULE_INVALID', problem('rule', error.message));
    }
    throw error;
  }
}

/** What {@link convertSigmaRules} returns: the queries, and the rules that failed with why. */
export interface SigmaConversionReport {
  readonly queries: readonly SigmaQuery[];
  readonly failures: readonly SigmaConversionError[];
}

/** Converts many rules; a rule that fails is reported and the rest go on. */
export function convertSigmaRules(
  rules: readonly SigmaRule[],
  target: SigmaQueryTarget,
  options: SigmaConvertOptions = {},
): SigmaConversionReport {
  const queries: SigmaQuery[] = [];
  const failures: SigmaConversionError[] = [];
  for (const rule of rules) {
    try {
      queries.push(convertSigmaRule(rule, target, options));
    } catch (error) {
      if (!SigmaConversionError.isInstance(error)) throw error;
      failures.push(error);
    }
  }
  return { queries, failures };
}

function describeLogsource(rule: SigmaRule): string {
  const { product, category, service } = rule.logsource;
  const parts = Object.entries({ product, category, service })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return parts.length === 0 ? 'a rule without logsource' : `logsource {${parts.join(', ')}}`;
}
