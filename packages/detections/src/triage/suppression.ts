/** Suppression rules: matching a finding against the rules in force at a time. */
import { stringsAt } from './finding-fields.js';
import type { SuppressionRule } from './triage-config.js';

function anyEquals(actual: string[], expected: string | string[]): boolean {
  const wanted = (Array.isArray(expected) ? expected : [expected]).map((value) =>
    value.toLowerCase(),
  );
  return actual.some((raw) => {
    const value = raw.toLowerCase();
    return wanted.some((pattern) =>
      pattern.length > 1 && pattern.endsWith('*')
        ? value.startsWith(pattern.slice(0, -1))
        : pattern.length > 1 && pattern.startsWith('*')
          ? value.endsWith(pattern.slice(1))
          : value === pattern,
    );
  });
}

/** True when `rule` is in force at `now` (not expired). */
export function suppressionActive(rule: SuppressionRule, now: number): boolean {
  return now < rule.expiresAt;
}

/** True when every condition of `rule` holds for `finding`. */
export function suppressionMatches(
  rule: SuppressionRule,
  finding: Record<string, unknown>,
): boolean {
  const { match } = rule;
  if (
    match.rule !== undefined &&
    !anyEquals(
      [
        ...stringsAt(finding, 'finding_info.analytic.uid'),
        ...stringsAt(finding, 'finding_info.analytic.name'),
      ],
      match.rule,
    )
  )
    return false;
  if (
    match.host !== undefined &&
    !anyEquals(
      [...stringsAt(finding, 'device.hostname'), ...stringsAt(finding, 'device.name')],
      match.host,
    )
  )
    return false;
  if (
    match.user !== undefined &&
    !anyEquals(
      [...stringsAt(finding, 'actor.user.name'), ...stringsAt(finding, 'user.name')],
      match.user,
    )
  )
    return false;
  if (
    match.indicator !== undefined &&
    !anyEquals(stringsAt(finding, 'osint.value'), match.indicator)
  )
    return false;
  for (const [path, expected] of Object.entries(match.fields ?? {}))
    if (!anyEquals(stringsAt(finding, path), expected)) return false;
  return true;
}

/** The first rule in force at `now` that matches `finding`. */
export function findSuppression(
  rules: readonly SuppressionRule[],
  finding: Record<string, unknown>,
  now: number,
): SuppressionRule | undefined {
  return rules.find((rule) => suppressionActive(rule, now) && suppressionMatches(rule, finding));
}
