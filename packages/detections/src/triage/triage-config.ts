/**
 * The per-tenant triage configuration: dedup key and period, threshold, suppression rules and
 * incident grouping. Validated with zod; {@link resolveTriageConfig} fills the defaults.
 */
import { OpenMdrError } from '@openmdr/core';
import * as z from 'zod';

/**
 * A triage configuration that does not validate; `issues` names each config key.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#triage_config_invalid | TRIAGE_CONFIG_INVALID} in the error reference
 */
export class TriageConfigError extends OpenMdrError {
  /** Marks TriageConfigError instances (see {@link OpenMdrError.marker}); the key older copies used too. */
  static override readonly marker: symbol = Symbol.for('openmdr.triage-config-error');
  declare readonly code: 'TRIAGE_CONFIG_INVALID';
  /** Each problem with its config key path. */
  readonly issues: { path: string; message: string }[];

  constructor(issues: { path: string; message: string }[]) {
    super(
      'TRIAGE_CONFIG_INVALID',
      `invalid triage configuration: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { details: { issues } },
    );
    this.name = 'TriageConfigError';
    this.issues = issues;
  }
}

const time = z.union([
  z.number(),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
]);
const stringOrList = z.union([z.string(), z.array(z.string()).min(1)]);

/** A suppression rule: findings it matches are counted and set aside, not emitted. */
export const suppressionRuleSchema = z
  .object({
    /** Stable id. */
    id: z.string().min(1),
    /** Why (shown with every suppressed finding). */
    reason: z.string().min(1),
    /** Who owns the suppression. */
    owner: z.string().min(1),
    /** When it stops applying (epoch ms or ISO 8601). Required: suppressions expire. */
    expiresAt: time,
    /** Conditions, all of which must hold (at least one). Values compare case-insensitively. */
    match: z
      .object({
        /** `finding_info.analytic.uid` (rule id) or `finding_info.analytic.name`. */
        rule: stringOrList.optional(),
        /** `device.hostname`. */
        host: stringOrList.optional(),
        /** `actor.user.name`. */
        user: stringOrList.optional(),
        /** An `osint[].value` (indicator value). */
        indicator: stringOrList.optional(),
        /** Other attributes by dotted path. */
        fields: z.record(z.string(), stringOrList).optional(),
      })
      .strict()
      .refine(
        (match) => Object.values(match).some((value) => value !== undefined),
        'a suppression needs at least one condition',
      ),
  })
  .strict();

/** A suppression rule as written. */
export type SuppressionRuleInput = z.input<typeof suppressionRuleSchema>;

/** A resolved suppression rule. */
export type SuppressionRule = z.output<typeof suppressionRuleSchema>;

/** The zod schema of the triage configuration. */
export const triageConfigSchema = z
  .object({
    dedup: z
      .object({
        /** Attribute paths whose values make the dedup key. */
        key: z
          .array(z.string().min(1))
          .min(1)
          .default([
            'finding_info.analytic.uid',
            'finding_info.title',
            'device.hostname',
            'actor.user.name',
            'osint.value',
          ]),
        /** Findings with the same key within this period fold into the first. Default 1 hour. */
        periodMs: z.number().positive().default(3_600_000),
        /** Emit only when this many findings share a key within the period. Default 1. */
        threshold: z.number().int().positive().default(1),
      })
      .strict()
      .prefault({}),
    suppressions: z.array(suppressionRuleSchema).default([]),
    grouping: z
      .object({
        /**
         * Entity kinds that link findings into one incident: `host` (`device.hostname`), `user`
         * (`actor.user.name`, `user.name`, else the first evidence's),
         * `ip` (`device.ip`, else the first evidence's `src_endpoint.ip`: a network sensor's finding
         * joins the EDR's findings on the same address) and `indicator` (`osint.value`).
         */
        entities: z
          .array(z.enum(['host', 'user', 'ip', 'indicator']))
          .default(['host', 'user', 'ip', 'indicator']),
        /**
         * How entity names are compared. `short` (default): host names by their first label
         * (`ws-01.corp.example` = `WS-01`; IP addresses kept whole) and accounts without domain
         * (`CORP\\jdoe` = `jdoe@corp.example` = `jdoe`), so the same machine or person seen by an
         * EDR, Sysmon and an identity provider joins one incident. `exact`: lower-cased names only.
         */
        entityMatch: z.enum(['short', 'exact']).default('short'),
        /** A finding joins an incident whose activity is within this distance. Default 4 hours. */
        windowMs: z
          .number()
          .positive()
          .default(4 * 3_600_000),
        /**
         * A finding that advances an incident's ATT&CK progression (a later tactic) joins it
         * within this longer distance. Default 24 hours. 0 turns progression linking off.
         */
        progressionWindowMs: z
          .number()
          .min(0)
          .default(24 * 3_600_000),
        /** Incidents idle for window + this (by the event-time watermark) are closed. Default 24 hours. */
        allowedLatenessMs: z
          .number()
          .min(0)
          .default(24 * 3_600_000),
        /** Assignee group of new incidents. */
        queue: z.string().min(1).default('SOC triage'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The triage configuration as written. */
export type TriageConfigInput = z.input<typeof triageConfigSchema>;

/** The resolved triage configuration. */
export type TriageConfig = z.output<typeof triageConfigSchema>;

/** Validates a tenant's triage configuration and fills the defaults. Throws {@link TriageConfigError}. */
export function resolveTriageConfig(input: unknown = {}): TriageConfig {
  const result = triageConfigSchema.safeParse(input ?? {});
  if (!result.success)
    throw new TriageConfigError(
      result.error.issues.map((issue) => ({
        path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  return result.data;
}
