/**
 * Threat-intel indicators as Sigma rules, so that a new indicator can be hunted for in what
 * already happened with the same converters and runners as any rule.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import {
  compileStixPattern,
  type IntelAtom,
  type IntelExpression,
  type IntelField,
  parseSigmaObject,
  type SigmaLevel,
  type SigmaLogsource,
  type SigmaRule,
  type ThreatIndicator,
} from '@openmdr/detections';

/**
 * The Sigma fields an indicator value of each kind is looked for in (any of them: OR), in the
 * Sigma taxonomy: addresses in network connections and firewall/flow logs, domains in DNS
 * queries and connection host names, URLs in proxy logs (as a substring: intel URLs are
 * normalised to host and path, without the scheme), hashes in Sysmon's `Hashes` (as a
 * substring: `SHA256=…`) and in per-algorithm fields.
 */
export const INDICATOR_FIELDS: Readonly<Record<IntelField, readonly string[]>> = {
  ip: ['DestinationIp', 'SourceIp', 'dst_ip', 'src_ip'],
  domain: ['QueryName', 'DestinationHostname', 'query'],
  url: ['c-uri|contains', 'url|contains'],
  email: ['sender', 'recipient'],
  md5: ['Hashes|contains', 'md5'],
  sha1: ['Hashes|contains', 'sha1'],
  sha256: ['Hashes|contains', 'sha256'],
  sha512: ['Hashes|contains', 'sha512'],
};

/** The logsource of the generated rule, by the kind of the indicator's first value. */
export const INDICATOR_LOGSOURCES: Readonly<Record<IntelField, SigmaLogsource>> = {
  ip: { category: 'network_connection' },
  domain: { category: 'dns' },
  url: { category: 'proxy' },
  email: { category: 'email' },
  md5: { category: 'process_creation' },
  sha1: { category: 'process_creation' },
  sha256: { category: 'process_creation' },
  sha512: { category: 'process_creation' },
};

/** Options of {@link indicatorToSigmaRule}. */
export interface IndicatorRuleOptions {
  /** Fields per kind, over {@link INDICATOR_FIELDS}. */
  readonly fields?: Partial<Record<IntelField, readonly string[]>> | undefined;
  /** Logsource per kind, over {@link INDICATOR_LOGSOURCES}. */
  readonly logsources?: Partial<Record<IntelField, SigmaLogsource>> | undefined;
  /** The rule's author; default the indicator's source, else `OpenMDR retro-hunt`. */
  readonly author?: string | undefined;
}

/** What {@link indicatorToSigmaRule} returns: the rule, or why there is none. */
export type IndicatorRuleResult =
  | { readonly ok: true; readonly rule: SigmaRule }
  | { readonly ok: false; readonly code: string; readonly reason: string };

const LEVELS: Readonly<Record<number, SigmaLevel>> = {
  1: 'informational',
  2: 'low',
  3: 'medium',
  4: 'high',
  5: 'critical',
};

/** A UUID (version-5 shaped) derived from the indicator id, stable across runs. */
export function indicatorRuleId(indicatorId: string): string {
  const hex = createHash('sha256').update(`openmdr-retro-hunt:${indicatorId}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const isAtom = (expression: IntelExpression): expression is IntelAtom => 'field' in expression;

/** STIX `LIKE` (`%` any run, `_` one character) as a Sigma wildcard value. */
function likeToSigma(pattern: string): string {
  let out = '';
  for (const char of pattern) {
    if (char === '%') out += '*';
    else if (char === '_') out += '?';
    else if (char === '*' || char === '?' || char === '\\') out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** The detection items of one atom: one map per field (a list of maps is OR-ed). */
function atomMaps(atom: IntelAtom, fields: readonly string[]): Record<string, unknown>[] {
  return fields.map((field) => {
    const [name, ...written] = field.split('|');
    const modifiers = [...written];
    let values: string[];
    switch (atom.operator) {
      case 'equals':
        values = [...atom.values];
        break;
      case 'cidr':
        modifiers.push('cidr');
        values = [...atom.values];
        break;
      case 'like':
        values = atom.values.map(likeToSigma);
        modifiers.splice(0, modifiers.length); // a wildcard value says where it may sit
        break;
      case 'matches':
        modifiers.splice(0, modifiers.length, 're');
        values = [...atom.values];
        break;
    }
    const key = [name, ...modifiers].join('|');
    return { [key]: values.length === 1 ? values[0] : values };
  });
}

/**
 * A Sigma rule that finds the events an indicator's STIX pattern describes: each comparison
 * of the pattern is a search over the fields of its kind ({@link INDICATOR_FIELDS}; equality,
 * `|cidr` for address blocks, wildcards for `LIKE`, `|re` for `MATCHES`), combined with the
 * pattern's `AND`/`OR`/`NOT` in the condition. The rule's id is derived from the indicator's
 * (stable), its level from `severityId` (default `medium`), its logsource from the kind of the
 * first comparison, its description and references from the indicator. A revoked indicator,
 * or a pattern the intel compiler does not support, gives no rule (with why).
 */
export function indicatorToSigmaRule(
  indicator: ThreatIndicator,
  options: IndicatorRuleOptions = {},
): IndicatorRuleResult {
  if (indicator.revoked === true) {
    return { ok: false, code: 'HUNT_INDICATOR_REVOKED', reason: `${indicator.id} is revoked` };
  }
  const compiled = compileStixPattern(indicator.pattern);
  if (!compiled.ok) {
    return { ok: false, code: compiled.error.code, reason: compiled.error.message };
  }
  const detection: Record<string, unknown> = {};
  let first: IntelField | undefined;
  let counter = 0;
  const condition = (expression: IntelExpression): string => {
    if (isAtom(expression)) {
      first ??= expression.field;
      counter += 1;
      const name = `indicator_${counter}`;
      const fields = options.fields?.[expression.field] ?? INDICATOR_FIELDS[expression.field];
      detection[name] = atomMaps(expression, fields);
      return expression.negated ? `not ${name}` : name;
    }
    const parts = expression.operands.map(condition);
    return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(` ${expression.kind} `)})`;
  };
  detection['condition'] = condition(compiled.pattern.expression);
  const kind = first ?? 'ip';
  const rule = parseSigmaObject({
    title: `Threat intel: ${indicator.name ?? indicator.id}`,
    id: indicatorRuleId(indicator.id),
    status: 'experimental',
    description:
      indicator.description ??
      `Events matching threat-intel indicator ${indicator.id} (${indicator.pattern})`,
    author: options.author ?? indicator.source ?? 'OpenMDR retro-hunt',
    date: new Date(indicator.modified ?? indicator.created ?? 0).toISOString().slice(0, 10),
    tags: (indicator.labels ?? []).map((label) => `intel.${label.replace(/\s+/g, '_')}`),
    logsource: { ...(options.logsources?.[kind] ?? INDICATOR_LOGSOURCES[kind]) },
    detection,
    level: LEVELS[indicator.severityId ?? 3] ?? 'medium',
    indicator_id: indicator.id,
  });
  if (rule.kind !== 'rule') {
    return { ok: false, code: 'HUNT_INVALID', reason: 'the generated document is not a rule' };
  }
  return { ok: true, rule };
}
