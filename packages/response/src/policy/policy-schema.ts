import * as z from 'zod';
import { ACTION_KINDS } from '../actions/vocabulary.js';

/** Asset criticality, from least to most critical. */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;

/** How critical an asset is. */
export type Criticality = (typeof CRITICALITIES)[number];

/** What a policy can decide. */
export const DECISIONS = ['allow', 'require_approval', 'deny'] as const;

/** A policy decision: act now, act after a person approves, or refuse. */
export type Decision = (typeof DECISIONS)[number];

/** The days a time window names, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (00:00–23:59)')
  .or(z.literal('24:00'));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * A weekly time window in a time zone (IANA name, evaluated with `Intl`). `from` is inclusive and
 * `to` exclusive; a window whose `to` is before its `from` runs past midnight into the next day
 * (it belongs to the day it starts on).
 */
export const timeWindowSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  days: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .default([...WEEKDAYS]),
  from: clockTime,
  to: clockTime,
});

/** A weekly time window. */
export type TimeWindow = z.output<typeof timeWindowSchema>;

const actionSelector = z.union([z.literal('*'), z.array(z.enum(ACTION_KINDS)).min(1)]);

/**
 * Which assets a rule applies to. Every present condition must hold; an absent one holds for any
 * asset. A selector with conditions never matches a command whose context has no asset.
 */
export const assetSelectorSchema = z.strictObject({
  /** The asset has at least one of these tags. */
  tagsAny: z.array(z.string().min(1)).min(1).optional(),
  /** The asset has all of these tags. */
  tagsAll: z.array(z.string().min(1)).min(1).optional(),
  /** The asset has none of these tags. */
  tagsNone: z.array(z.string().min(1)).min(1).optional(),
  /** The asset is in at least one of these groups. */
  groups: z.array(z.string().min(1)).min(1).optional(),
  /** The asset's criticality is one of these. */
  criticality: z.array(z.enum(CRITICALITIES)).min(1).optional(),
  /** The asset's criticality is at most this. */
  maxCriticality: z.enum(CRITICALITIES).optional(),
});

/** Which assets a rule applies to. */
export type AssetSelector = z.output<typeof assetSelectorSchema>;

/**
 * A policy rule. Rules are tried in order; the first whose actions, assets and hours match
 * decides. Outside its hours a rule decides `outsideHours` when set, else it does not match.
 */
export const policyRuleSchema = z.strictObject({
  /** Stable id, quoted in decisions and audit records. */
  id: z.string().min(1),
  description: z.string().optional(),
  /** The action kinds it covers, or `'*'`. */
  actions: actionSelector,
  /** The assets it covers (absent: all). */
  assets: assetSelectorSchema.optional(),
  /** What it decides. */
  decision: z.enum(DECISIONS),
  /** When it applies: any of these windows (absent: always). */
  hours: z.array(timeWindowSchema).min(1).optional(),
  /** What it decides outside `hours` (absent: the rule does not match there). */
  outsideHours: z.enum(DECISIONS).optional(),
});

/** A policy rule. */
export type PolicyRule = z.output<typeof policyRuleSchema>;

/**
 * A blast-radius limit: at most `max` commands of these kinds within `windowMs` (on distinct
 * targets), counted from the history passed to the evaluation. Beyond it, `whenExceeded`.
 */
export const blastRadiusLimitSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  actions: actionSelector,
  max: z.number().int().nonnegative(),
  windowMs: z.number().int().positive(),
  whenExceeded: z.enum(['deny', 'require_approval']).default('deny'),
});

/** A blast-radius limit. */
export type BlastRadiusLimit = z.output<typeof blastRadiusLimitSchema>;

/** A protection: these actions are always refused on these assets, whatever the rules say. */
export const protectionSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  actions: actionSelector,
  assets: assetSelectorSchema,
});

/** A protection. */
export type Protection = z.output<typeof protectionSchema>;

/**
 * A tenant's response authority policy. Besides `protections`, an account whose context marks it
 * break-glass (`asset.breakGlass` or the tag `break-glass`) can never be disabled or signed out:
 * that guard is built in and cannot be turned off.
 */
export const responsePolicySchema = z
  .strictObject({
    version: z.literal(1),
    /** The tenant it belongs to (informative; the caller chooses the policy per tenant). */
    tenant: z.string().min(1).optional(),
    /** What happens when no rule matches. Default `deny`. */
    defaultDecision: z.enum(DECISIONS).default('deny'),
    protections: z.array(protectionSchema).default([]),
    rules: z.array(policyRuleSchema).default([]),
    limits: z.array(blastRadiusLimitSchema).default([]),
  })
  .superRefine((policy, context) => {
    for (const [name, list] of [
      ['rules', policy.rules],
      ['limits', policy.limits],
      ['protections', policy.protections],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          context.addIssue({
            code: 'custom',
            path: [name, index, 'id'],
            message: `duplicate ${name} id "${entry.id}"`,
          });
        }
        seen.add(entry.id);
      });
    }
  });

/** A response authority policy, as validated (defaults applied). */
export type ResponsePolicy = z.output<typeof responsePolicySchema>;

/** A response authority policy as written (defaults optional). */
export type ResponsePolicyInput = z.input<typeof responsePolicySchema>;
