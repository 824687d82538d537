import { classifyCommand, targetKey } from '../actions/classify.js';
import type { Command } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';
import {
  type AssetSelector,
  CRITICALITIES,
  type Decision,
  type ResponsePolicy,
} from './policy-schema.js';
import type { AssetFacts, PolicyContext, PolicyDecision } from './policy-types.js';
import { describeWindow, inTimeWindow } from './time-window.js';

/** The tag that marks a break-glass account. */
export const BREAK_GLASS_TAG = 'break-glass';

/** Actions the built-in break-glass guard refuses on break-glass accounts. */
export const BREAK_GLASS_PROTECTED_ACTIONS: readonly ActionKind[] = [
  'disable_account',
  'revoke_sessions',
];

const SEVERITY: Record<Decision, number> = { allow: 0, require_approval: 1, deny: 2 };

function covers(selector: '*' | readonly ActionKind[], kind: ActionKind): boolean {
  return selector === '*' || selector.includes(kind);
}

/** Why an asset does not match a selector, or null when it matches. */
function assetMismatch(selector: AssetSelector, asset: AssetFacts | undefined): string | null {
  const conditions = Object.keys(selector).length;
  if (conditions === 0) return null;
  if (asset === undefined) return 'no asset facts were given';
  const tags = asset.tags ?? [];
  const groups = asset.groups ?? [];
  if (selector.tagsAny && !selector.tagsAny.some((tag) => tags.includes(tag))) {
    return `asset has none of the tags ${selector.tagsAny.join(', ')}`;
  }
  if (selector.tagsAll) {
    const missing = selector.tagsAll.filter((tag) => !tags.includes(tag));
    if (missing.length > 0) return `asset lacks the tags ${missing.join(', ')}`;
  }
  if (selector.tagsNone) {
    const present = selector.tagsNone.filter((tag) => tags.includes(tag));
    if (present.length > 0) return `asset has the excluded tags ${present.join(', ')}`;
  }
  if (selector.groups && !selector.groups.some((group) => groups.includes(group))) {
    return `asset is in none of the groups ${selector.groups.join(', ')}`;
  }
  if (selector.criticality) {
    if (asset.criticality === undefined) return 'asset criticality is unknown';
    if (!selector.criticality.includes(asset.criticality)) {
      return `asset criticality ${asset.criticality} is not ${selector.criticality.join(' or ')}`;
    }
  }
  if (selector.maxCriticality) {
    if (asset.criticality === undefined) return 'asset criticality is unknown';
    if (CRITICALITIES.indexOf(asset.criticality) > CRITICALITIES.indexOf(selector.maxCriticality)) {
      return `asset criticality ${asset.criticality} is above ${selector.maxCriticality}`;
    }
  }
  return null;
}

/**
 * Decides whether `command` may run for a tenant with `policy`, and explains why. Pure: the
 * same policy, command and context always give the same decision.
 *
 * Order: the command must be in the vocabulary; the built-in break-glass guard; `protections`
 * (always deny); the first matching rule (or `defaultDecision`); then blast-radius `limits`,
 * which can only make a decision stricter.
 *
 * @example
 * ```ts
 * const { decision, reasons } = evaluatePolicy(policy, command, { now: Date.now(), asset });
 * ```
 */
export function evaluatePolicy(
  policy: ResponsePolicy,
  command: Command,
  context: PolicyContext,
): PolicyDecision {
  const classified = classifyCommand(command);
  if (classified.kind === null) {
    return {
      decision: 'deny',
      reasons: [`not an OpenMDR action: ${classified.issue.message}`],
      matchedRule: null,
      kind: null,
      exceededLimits: [],
    };
  }
  const kind = classified.kind;
  const reasons: string[] = [];
  const asset = context.asset;

  if (
    BREAK_GLASS_PROTECTED_ACTIONS.includes(kind) &&
    (asset?.breakGlass === true || asset?.tags?.includes(BREAK_GLASS_TAG) === true)
  ) {
    return {
      decision: 'deny',
      reasons: [`${kind} is never allowed on a break-glass account`],
      matchedRule: 'break-glass',
      kind,
      exceededLimits: [],
    };
  }

  for (const protection of policy.protections) {
    if (!covers(protection.actions, kind)) continue;
    if (assetMismatch(protection.assets, asset) !== null) continue;
    return {
      decision: 'deny',
      reasons: [
        `protection ${protection.id} forbids ${kind} on this asset${protection.description ? `: ${protection.description}` : ''}`,
      ],
      matchedRule: `protection:${protection.id}`,
      kind,
      exceededLimits: [],
    };
  }

  let decision: Decision = policy.defaultDecision;
  let matchedRule: string | null = null;
  for (const rule of policy.rules) {
    if (!covers(rule.actions, kind)) continue;
    const mismatch = rule.assets ? assetMismatch(rule.assets, asset) : null;
    if (mismatch !== null) {
      reasons.push(`rule ${rule.id} skipped: ${mismatch}`);
      continue;
    }
    if (rule.hours && !rule.hours.some((window) => inTimeWindow(context.now, window))) {
      const windows = rule.hours.map(describeWindow).join(' or ');
      if (rule.outsideHours === undefined) {
        reasons.push(`rule ${rule.id} skipped: outside its hours (${windows})`);
        continue;
      }
      decision = rule.outsideHours;
      matchedRule = rule.id;
      reasons.push(`rule ${rule.id}: outside its hours (${windows}), so ${decision}`);
      break;
    }
    decision = rule.decision;
    matchedRule = rule.id;
    reasons.push(
      `rule ${rule.id}: ${decision} ${kind}${rule.description ? ` (${rule.description})` : ''}`,
    );
    break;
  }
  if (matchedRule === null) {
    reasons.push(`no rule matched ${kind}: default ${decision}`);
  }

  const exceededLimits: string[] = [];
  if (decision !== 'deny') {
    const history = context.history ?? [];
    const ownTarget = targetKey(command.target);
    for (const limit of policy.limits) {
      if (!covers(limit.actions, kind)) continue;
      const since = context.now - limit.windowMs;
      const targets = new Set<string>();
      let anonymous = 0;
      for (const entry of history) {
        if (entry.at <= since || entry.at > context.now || !covers(limit.actions, entry.kind)) {
          continue;
        }
        if (entry.target === undefined) anonymous += 1;
        else targets.add(entry.target);
      }
      if (targets.has(ownTarget)) {
        reasons.push(`limit ${limit.id}: ${ownTarget} already counted in the window`);
        continue;
      }
      const used = targets.size + anonymous;
      if (used + 1 > limit.max) {
        exceededLimits.push(limit.id);
        reasons.push(
          `limit ${limit.id} exceeded: ${used} of ${limit.max} in the last ${limit.windowMs} ms, so ${limit.whenExceeded}`,
        );
        if (SEVERITY[limit.whenExceeded] > SEVERITY[decision]) decision = limit.whenExceeded;
      }
    }
  }
  return { decision, reasons, matchedRule, kind, exceededLimits };
}
