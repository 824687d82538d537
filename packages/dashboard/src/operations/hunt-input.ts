/**
 * The hunt a caller sends (JSON: Sigma rules as YAML text or objects, or a raw query), checked
 * and turned into `@openmdr/hunting`'s {@link Hunt}.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  parseSigmaObject,
  parseSigmaYaml,
  type SigmaQueryTarget,
  type SigmaRule,
} from '@openmdr/detections';
import type { Hunt, HuntRawQuery } from '@openmdr/hunting';
import { invalid } from './input-checks.js';

const DAY_MS = 86_400_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function ruleOf(value: unknown, path: string): SigmaRule[] {
  if (typeof value === 'string') {
    const parsed = parseSigmaYaml(value);
    const error = parsed.errors[0];
    if (error !== undefined) invalid(path, error.message);
    const rules = parsed.documents.filter((document) => document.kind === 'rule');
    if (rules.length === 0) invalid(path, 'holds no Sigma rule');
    return rules;
  }
  if (!isObject(value)) invalid(path, 'must be a Sigma rule (YAML text or object)');
  let document: ReturnType<typeof parseSigmaObject>;
  try {
    document = parseSigmaObject(value);
  } catch (error) {
    invalid(path, error instanceof Error ? error.message : String(error));
  }
  if (document.kind !== 'rule') invalid(path, `is a ${document.kind}, not a rule`);
  return [document];
}

/**
 * Checks `value` as a hunt of `tenant` and returns it as a {@link Hunt}: `name` (required),
 * `rules` (Sigma YAML texts or objects) or `query` (a raw query), `target` (default
 * `defaultTarget`), `range` (default the last 24 hours), `id` (default a new one), `mapping` and
 * `placeholders`.
 * @throws DashboardError `DASHBOARD_INVALID` with the path of the bad field (`hunt.rules[1]`).
 */
export function huntOf(
  value: unknown,
  tenant: string,
  createdBy: string,
  defaultTarget: SigmaQueryTarget,
  now: number,
): Hunt {
  if (!isObject(value)) invalid('hunt', 'must be an object');
  if (value['tenant'] !== undefined && value['tenant'] !== tenant) {
    invalid('hunt.tenant', 'must be the tenant the call is for');
  }
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '') {
    invalid('hunt.name', 'must be a non-empty string');
  }
  const id = value['id'] ?? `dashboard-hunt-${randomUUID()}`;
  if (typeof id !== 'string' || id === '') invalid('hunt.id', 'must be a non-empty string');
  const target = value['target'] ?? defaultTarget;
  if (typeof target !== 'string') invalid('hunt.target', 'must be a query target');
  const range = value['range'] ?? { from: now - DAY_MS, to: now };
  if (
    !isObject(range) ||
    typeof range['from'] !== 'number' ||
    typeof range['to'] !== 'number' ||
    !(range['from'] < range['to'])
  ) {
    invalid('hunt.range', 'must be {from, to} in epoch ms with from < to');
  }
  const rules = value['rules'];
  const query = value['query'];
  if ((rules === undefined) === (query === undefined)) {
    invalid('hunt', 'needs either rules or query');
  }
  const hunt: {
    -readonly [K in keyof Hunt]: Hunt[K];
  } = {
    id,
    tenant,
    name,
    target: target as SigmaQueryTarget,
    range: { from: range['from'] as number, to: range['to'] as number },
    createdBy,
  };
  if (rules !== undefined) {
    if (!Array.isArray(rules) || rules.length === 0) {
      invalid('hunt.rules', 'must be a non-empty array');
    }
    hunt.rules = rules.flatMap((rule, index) => ruleOf(rule, `hunt.rules[${index}]`));
  } else {
    if (!isObject(query) || typeof query['query'] !== 'string' || query['query'].trim() === '') {
      invalid('hunt.query.query', 'must be a non-empty string');
    }
    hunt.query = query as unknown as HuntRawQuery;
  }
  if (isObject(value['placeholders'])) {
    hunt.placeholders = value['placeholders'] as Record<string, readonly string[]>;
  }
  if (isObject(value['mapping'])) hunt.mapping = value['mapping'] as Hunt['mapping'];
  return hunt;
}
