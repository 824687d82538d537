/**
 * Compiles a parsed STIX pattern into what the matcher evaluates, or says precisely why it
 * cannot: unsupported object paths, operators, qualifiers and `FOLLOWEDBY`.
 */
import { compileGuardedRegex } from '../sigma/regex-guard.js';
import { IntelError } from './errors.js';
import {
  type CidrBlock,
  cidrContains,
  formatIp,
  type HashAlgorithm,
  hashAlgorithm,
  normalizeDomain,
  normalizeEmail,
  normalizeUrl,
  parseCidr,
} from './normalize.js';
import {
  parseStixPattern,
  type StixComparison,
  type StixComparisonExpression,
  type StixLiteral,
  type StixObservationExpression,
} from './stix-pattern.js';

/** The kinds of event value an indicator can be about. */
export type IntelField = 'ip' | 'domain' | 'url' | 'email' | HashAlgorithm;

/** One compiled comparison. */
export interface IntelAtom {
  /** The kind of value compared. */
  readonly field: IntelField;
  /** `equals` (`=`, `IN`, `!=`), `cidr` (IP `=`/`IN`/`ISSUBSET` with blocks), `like`, `matches`. */
  readonly operator: 'equals' | 'cidr' | 'like' | 'matches';
  /** `NOT` or `!=`. */
  readonly negated: boolean;
  /** Normalised values (`equals`), CIDR texts (`cidr`), or the pattern (`like`, `matches`). */
  readonly values: readonly string[];
  /** Parsed blocks of a `cidr` atom. */
  readonly blocks?: readonly CidrBlock[];
  /** Test of a `like` or `matches` atom. */
  readonly test?: (value: string) => boolean;
}

/** A boolean tree of atoms. */
export type IntelExpression =
  | IntelAtom
  | { readonly kind: 'and' | 'or'; readonly operands: readonly IntelExpression[] };

/** A pattern the matcher supports. */
export interface CompiledPattern {
  /** The expression, evaluated over the values of one event. */
  readonly expression: IntelExpression;
  /**
   * Index entries: for each conjunction of the expression's disjunctive normal form, the
   * positive `equals`/`cidr` atom it is indexed under, or `undefined` when the conjunction has
   * none (the indicator is then evaluated against every event).
   */
  readonly indexAtoms: readonly (IntelAtom | undefined)[];
}

/** The result of {@link compileStixPattern}. */
export type PatternCompileResult =
  | { readonly ok: true; readonly pattern: CompiledPattern }
  | { readonly ok: false; readonly error: IntelError };

const MAX_CONJUNCTIONS = 64;

function isAtom(expression: IntelExpression): expression is IntelAtom {
  return 'field' in expression;
}

function unsupported(message: string, offset?: number): IntelError {
  return new IntelError(
    'INTEL_PATTERN_UNSUPPORTED',
    message,
    offset === undefined ? {} : { offset },
  );
}

function fieldOf(comparison: StixComparison): IntelField {
  const { objectType, steps } = comparison.path;
  const path = steps.join('.');
  switch (objectType) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      if (path === 'value') return 'ip';
      break;
    case 'domain-name':
      if (path === 'value') return 'domain';
      break;
    case 'url':
      if (path === 'value') return 'url';
      break;
    case 'email-addr':
      if (path === 'value') return 'email';
      break;
    case 'email-message':
      if (path === 'from_ref.value' || path === 'sender_ref.value') return 'email';
      break;
    case 'network-traffic':
      if (path === 'src_ref.value' || path === 'dst_ref.value') return 'ip';
      break;
    case 'file':
    case 'artifact':
      if (steps.length === 2 && steps[0] === 'hashes' && typeof steps[1] === 'string') {
        const algorithm = hashAlgorithm(steps[1]);
        if (algorithm !== undefined) return algorithm;
        throw unsupported(
          `hash algorithm '${steps[1]}' is not supported (MD5, SHA-1, SHA-256, SHA-512 are)`,
          comparison.offset,
        );
      }
      break;
    default:
      break;
  }
  throw unsupported(`object path ${comparison.path.text} is not supported`, comparison.offset);
}

function normalizeFor(field: IntelField, literal: StixLiteral, offset: number): string {
  if (literal.kind !== 'string')
    throw unsupported(`${field} values must be string literals, got ${literal.kind}`, offset);
  const text = literal.value;
  let normalized: string | undefined;
  switch (field) {
    case 'domain':
      normalized = normalizeDomain(text);
      break;
    case 'url':
      normalized = normalizeUrl(text);
      break;
    case 'email':
      normalized = normalizeEmail(text);
      break;
    case 'ip':
      normalized = text;
      break;
    default:
      normalized = /^[0-9a-fA-F]+$/.test(text) ? text.toLowerCase() : undefined;
  }
  if (normalized === undefined)
    throw unsupported(`'${text}' is not a valid ${field} value`, offset);
  return normalized;
}

function likeToRegex(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function compileComparison(comparison: StixComparison): IntelAtom {
  const field = fieldOf(comparison);
  const { operator, offset } = comparison;
  const literals: readonly StixLiteral[] = Array.isArray(comparison.value)
    ? (comparison.value as readonly StixLiteral[])
    : comparison.value === undefined
      ? []
      : [comparison.value as StixLiteral];
  switch (operator) {
    case '=':
    case '!=':
    case 'IN': {
      const negated = comparison.negated !== (operator === '!=');
      if (field === 'ip') {
        const blocks = literals.map((literal) => {
          const block = literal.kind === 'string' ? parseCidr(literal.value) : undefined;
          if (block === undefined)
            throw unsupported(
              `'${String(literal.value)}' is not an IP address or CIDR block`,
              offset,
            );
          return block;
        });
        return {
          field,
          operator: 'cidr',
          negated,
          values: blocks.map((block) => `${formatIp(block.bytes)}/${block.prefix}`),
          blocks,
        };
      }
      return {
        field,
        operator: 'equals',
        negated,
        values: literals.map((literal) => normalizeFor(field, literal, offset)),
      };
    }
    case 'ISSUBSET': {
      if (field !== 'ip')
        throw unsupported(`ISSUBSET applies to IP addresses, not ${field}`, offset);
      const literal = literals[0] as StixLiteral;
      const block = literal.kind === 'string' ? parseCidr(literal.value) : undefined;
      if (block === undefined)
        throw unsupported(`'${String(literal.value)}' is not a CIDR block`, offset);
      return {
        field,
        operator: 'cidr',
        negated: comparison.negated,
        values: [`${formatIp(block.bytes)}/${block.prefix}`],
        blocks: [block],
      };
    }
    case 'LIKE': {
      const literal = literals[0] as StixLiteral;
      const text = String(literal.value);
      const folded = field === 'url' ? text : text.toLowerCase();
      const regex = likeToRegex(folded);
      return {
        field,
        operator: 'like',
        negated: comparison.negated,
        values: [folded],
        test: (value) => regex.test(value),
      };
    }
    case 'MATCHES': {
      const literal = literals[0] as StixLiteral;
      const text = String(literal.value);
      let test: (value: string) => boolean;
      try {
        test = compileGuardedRegex(text, {
          ignoreCase: false,
          multiline: false,
          dotAll: false,
        }).test;
      } catch (error) {
        throw unsupported(`MATCHES regular expression: ${(error as Error).message}`, offset);
      }
      return { field, operator: 'matches', negated: comparison.negated, values: [text], test };
    }
    default:
      throw unsupported(`operator ${operator} is not supported on ${comparison.path.text}`, offset);
  }
}

function compileComparisonExpression(expression: StixComparisonExpression): IntelExpression {
  if (expression.type === 'comparison') return compileComparison(expression);
  return { kind: expression.type, operands: expression.operands.map(compileComparisonExpression) };
}

function compileObservation(expression: StixObservationExpression): IntelExpression {
  switch (expression.type) {
    case 'observation':
      return compileComparisonExpression(expression.expression);
    case 'and':
    case 'or':
      return { kind: expression.type, operands: expression.operands.map(compileObservation) };
    case 'followedby':
      throw unsupported('FOLLOWEDBY (ordered observations across events) is not supported');
    case 'qualified':
      throw unsupported(
        `the ${expression.qualifier.kind.toUpperCase()} qualifier (windows over several observations) is not supported`,
      );
  }
}

function disjunctiveNormalForm(expression: IntelExpression): IntelAtom[][] {
  if (isAtom(expression)) return [[expression]];
  const parts = expression.operands.map(disjunctiveNormalForm);
  if (expression.kind === 'or') {
    const all = parts.flat();
    if (all.length > MAX_CONJUNCTIONS)
      throw unsupported(`pattern expands to more than ${MAX_CONJUNCTIONS} alternatives`);
    return all;
  }
  let product: IntelAtom[][] = [[]];
  for (const part of parts) {
    const next: IntelAtom[][] = [];
    for (const left of product) for (const right of part) next.push([...left, ...right]);
    if (next.length > MAX_CONJUNCTIONS)
      throw unsupported(`pattern expands to more than ${MAX_CONJUNCTIONS} alternatives`);
    product = next;
  }
  return product;
}

/**
 * Compiles a STIX pattern for the matcher. Never throws: a pattern that does not parse gives
 * `INTEL_PATTERN_SYNTAX`, one the matcher cannot evaluate gives `INTEL_PATTERN_UNSUPPORTED`,
 * each with the reason and offset.
 *
 * Supported: `ipv4-addr:value`, `ipv6-addr:value` (addresses and CIDR blocks),
 * `network-traffic:src_ref.value`/`dst_ref.value`, `domain-name:value`, `url:value`,
 * `email-addr:value`, `email-message:from_ref.value`/`sender_ref.value`, `file:hashes.<MD5|SHA-1|SHA-256|SHA-512>`;
 * the operators `=`, `!=`, `IN`, `LIKE`, `MATCHES`, `ISSUBSET` (IP), `NOT`; `AND`/`OR`
 * inside and between observations (evaluated over one event).
 */
export function compileStixPattern(pattern: string): PatternCompileResult {
  try {
    const expression = compileObservation(parseStixPattern(pattern));
    const conjunctions = disjunctiveNormalForm(expression);
    const indexAtoms = conjunctions.map((conjunction) =>
      conjunction.find(
        (atom) => !atom.negated && (atom.operator === 'equals' || atom.operator === 'cidr'),
      ),
    );
    if (conjunctions.every((conjunction) => conjunction.every((atom) => atom.negated)))
      return {
        ok: false,
        error: unsupported('a pattern of only negated comparisons would match almost every event'),
      };
    return { ok: true, pattern: { expression, indexAtoms } };
  } catch (error) {
    if (IntelError.isInstance(error)) return { ok: false, error };
    throw error;
  }
}

/** The values of one event, normalised, by {@link IntelField}. */
export interface IntelEventValues {
  /** IP addresses with their bytes. */
  ip: { text: string; bytes: Uint8Array; path: string }[];
  /** Other fields: normalised value and the attribute path it came from. */
  domain: { value: string; path: string }[];
  url: { value: string; path: string }[];
  email: { value: string; path: string }[];
  md5: { value: string; path: string }[];
  sha1: { value: string; path: string }[];
  sha256: { value: string; path: string }[];
  sha512: { value: string; path: string }[];
}

/** Options of {@link evaluateIntelExpression}. */
export interface EvaluateOptions {
  /** A domain indicator also matches its subdomains. */
  includeSubdomains: boolean;
}

function atomMatches(atom: IntelAtom, values: IntelEventValues, options: EvaluateOptions): boolean {
  if (atom.field === 'ip') {
    const addresses = values.ip;
    if (addresses.length === 0) return false;
    const hit = (address: { text: string; bytes: Uint8Array }): boolean =>
      atom.operator === 'cidr'
        ? (atom.blocks ?? []).some((block) => cidrContains(block, address.bytes))
        : (atom.test as (value: string) => boolean)(address.text);
    return atom.negated ? addresses.some((address) => !hit(address)) : addresses.some(hit);
  }
  const list = values[atom.field];
  if (list.length === 0) return false;
  let hit: (value: string) => boolean;
  if (atom.operator === 'equals') {
    hit =
      atom.field === 'domain' && options.includeSubdomains
        ? (value) => atom.values.some((domain) => value === domain || value.endsWith(`.${domain}`))
        : (value) => atom.values.includes(value);
  } else hit = atom.test as (value: string) => boolean;
  return atom.negated
    ? list.some((entry) => !hit(entry.value))
    : list.some((entry) => hit(entry.value));
}

/** Evaluates a compiled expression over one event's values. */
export function evaluateIntelExpression(
  expression: IntelExpression,
  values: IntelEventValues,
  options: EvaluateOptions,
): boolean {
  if (isAtom(expression)) return atomMatches(expression, values, options);
  return expression.kind === 'and'
    ? expression.operands.every((operand) => evaluateIntelExpression(operand, values, options))
    : expression.operands.some((operand) => evaluateIntelExpression(operand, values, options));
}
