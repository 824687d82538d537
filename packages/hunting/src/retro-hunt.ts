/**
 * Retro-hunts: when a new threat-intel indicator or a new rule arrives, hunt for it over the
 * retained window of data, and raise findings for what already happened.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Clock, type DetectionFinding, systemClock, type TenantId } from '@openmdr/core';
import type {
  SigmaQueryMappingOverride,
  SigmaQueryTarget,
  SigmaRule,
  ThreatIndicator,
} from '@openmdr/detections';
import { HuntError } from './errors.js';
import type { Hunt, HuntResult, HuntRunner, HuntTimeRange } from './hunt.js';
import { type HuntFindingOptions, huntFindings } from './hunt-finding.js';
import { type IndicatorRuleOptions, indicatorToSigmaRule } from './indicator-rule.js';
import { runHunt } from './run-hunt.js';

/** Options shared by {@link retroHuntRules} and {@link retroHuntIndicator}. */
export interface RetroHuntOptions extends HuntFindingOptions {
  /** The tenant whose retained data is hunted. */
  readonly tenant: TenantId;
  /** Where: the runner (SIEM, DuckDB, event store) and its target language. */
  readonly runner: HuntRunner;
  readonly target: SigmaQueryTarget;
  /**
   * How far back data is retained, ms: the hunt covers `[now - retentionMs, now)`. Give this
   * or `range`.
   */
  readonly retentionMs?: number | undefined;
  /** The window to hunt, instead of `retentionMs`. */
  readonly range?: HuntTimeRange | undefined;
  /** Mapping overrides of the tenant (index names, renamed fields). */
  readonly mapping?: SigmaQueryMappingOverride | undefined;
  /** Placeholder values of the rules. */
  readonly placeholders?: Readonly<Record<string, readonly string[]>> | undefined;
  /** The clock; default the system clock. */
  readonly clock?: Clock | undefined;
  /** The hunt id; default `retro:<uuid>`. */
  readonly huntId?: string | undefined;
  /** Cancels the hunt. */
  readonly signal?: AbortSignal | undefined;
}

/** What a retro-hunt found. */
export interface RetroHuntResult {
  /** The hunt run (its rules, range). */
  readonly hunt: Hunt;
  /** Its result: hits and the rules that could not run, with why. */
  readonly result: HuntResult;
  /** A Detection Finding per hit: what already happened. */
  readonly findings: readonly DetectionFinding[];
}

function retainedWindow(options: RetroHuntOptions, now: number): HuntTimeRange {
  if (options.range) return options.range;
  if (options.retentionMs === undefined || options.retentionMs <= 0) {
    throw new HuntError('HUNT_INVALID', 'a retro-hunt needs retentionMs (> 0) or a range');
  }
  return { from: now - options.retentionMs, to: now };
}

/**
 * Hunts for new rules over the retained window: one hunt of the rules (each converted to the
 * target; those that cannot be are in `result.failures`), run on the runner, every hit raised
 * as a Detection Finding carrying the hunt id and query.
 */
export async function retroHuntRules(
  rules: readonly SigmaRule[],
  options: RetroHuntOptions & { readonly name?: string | undefined },
): Promise<RetroHuntResult> {
  const clock = options.clock ?? systemClock;
  const range = retainedWindow(options, clock.now());
  const hunt: Hunt = {
    id: options.huntId ?? `retro:${randomUUID()}`,
    tenant: options.tenant,
    name: options.name ?? `Retro-hunt: ${rules.map((rule) => rule.title).join(', ')}`,
    rules,
    target: options.target,
    range,
    createdBy: 'retro-hunt',
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.placeholders ? { placeholders: options.placeholders } : {}),
  };
  const result = await runHunt(hunt, options.runner, {
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { hunt, result, findings: huntFindings(result, options) };
}

/**
 * Hunts for a new threat-intel indicator over the retained window: the indicator becomes a
 * Sigma rule over the fields of its kind (`indicatorToSigmaRule`: IP, domain, URL, e-mail,
 * file hash), run like {@link retroHuntRules}. The window is the whole retained window — before
 * the indicator's `validFrom` too, as activity from before an indicator was published is what a
 * retro-hunt looks for — and ends at the indicator's `validUntil` when that is earlier. A
 * revoked indicator or an unsupported pattern throws.
 *
 * @throws {HuntError} `HUNT_INVALID` when the indicator gives no rule (the reason says why) or
 *   its validity ended before the retained window.
 */
export async function retroHuntIndicator(
  indicator: ThreatIndicator,
  options: RetroHuntOptions & { readonly rule?: IndicatorRuleOptions | undefined },
): Promise<RetroHuntResult> {
  const generated = indicatorToSigmaRule(indicator, options.rule);
  if (!generated.ok) {
    throw new HuntError('HUNT_INVALID', `indicator ${indicator.id}: ${generated.reason}`, {
      details: { indicator: indicator.id, code: generated.code },
    });
  }
  const clock = options.clock ?? systemClock;
  const window = retainedWindow(options, clock.now());
  const to = Math.min(window.to, indicator.validUntil ?? Number.POSITIVE_INFINITY);
  if (to <= window.from) {
    throw new HuntError(
      'HUNT_INVALID',
      `indicator ${indicator.id} expired before the retained window`,
      { details: { validUntil: indicator.validUntil, from: window.from } },
    );
  }
  return retroHuntRules([generated.rule], {
    ...options,
    clock,
    range: { from: window.from, to },
    name: `Retro-hunt: ${indicator.name ?? indicator.id}`,
  });
}
