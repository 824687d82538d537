/**
 * The per-tenant scoring configuration: factor weights, the value of each severity, asset
 * criticality and user privilege tables, risk level bands and the entity risk window.
 * Validated with zod; {@link resolveScoringConfig} fills the defaults.
 */
import { OpenMdrError } from '@openmdr/core';
import * as z from 'zod';

/**
 * A scoring configuration that does not validate; `details.issues` names each config key.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#scoring_config_invalid | SCORING_CONFIG_INVALID} in the error reference
 */
export class ScoringConfigError extends OpenMdrError {
  /** Marks ScoringConfigError instances (see {@link OpenMdrError.marker}); the key older copies used too. */
  static override readonly marker: symbol = Symbol.for('openmdr.scoring-config-error');
  declare readonly code: 'SCORING_CONFIG_INVALID';
  /** Each problem with its config key path. */
  readonly issues: { path: string; message: string }[];

  constructor(issues: { path: string; message: string }[]) {
    super(
      'SCORING_CONFIG_INVALID',
      `invalid scoring configuration: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { details: { issues } },
    );
    this.name = 'ScoringConfigError';
    this.issues = issues;
  }
}

/** Criticality or privilege as a level name or a number from 0 to 1. */
const levelSchema = z.union([
  z.enum(['low', 'medium', 'high', 'critical']),
  z.number().min(0).max(1),
]);

/** Named levels as numbers. */
export const LEVEL_VALUES = { low: 0.25, medium: 0.5, high: 0.75, critical: 1 } as const;

const weight = z.number().min(0).max(100);

/** The zod schema of the scoring configuration (every key optional; defaults apply). */
export const scoringConfigSchema = z
  .object({
    weights: z
      .object({
        severity: weight.default(40),
        ruleConfidence: weight.default(15),
        assetCriticality: weight.default(20),
        userPrivilege: weight.default(15),
        indicatorConfidence: weight.default(10),
      })
      .strict()
      .prefault({}),
    severityValues: z
      .object({
        informational: z.number().min(0).max(1).default(0.1),
        low: z.number().min(0).max(1).default(0.3),
        medium: z.number().min(0).max(1).default(0.5),
        high: z.number().min(0).max(1).default(0.8),
        critical: z.number().min(0).max(1).default(1),
        unknown: z.number().min(0).max(1).default(0.3),
      })
      .strict()
      .prefault({}),
    /** Host name (or `prefix*` / `*suffix` pattern) → criticality. */
    assetCriticality: z.record(z.string(), levelSchema).default({}),
    /** Criticality of hosts not listed; absent: the factor does not apply. */
    defaultAssetCriticality: levelSchema.optional(),
    /** User name (or pattern) → privilege. OCSF `user.type_id` 2 (Admin) counts as `high`, 3 (System) as `critical`. */
    userPrivilege: z.record(z.string(), levelSchema).default({}),
    /** Privilege of users not listed; absent: the factor does not apply. */
    defaultUserPrivilege: levelSchema.optional(),
    /** Lower bounds of the risk levels Low, Medium, High, Critical (below Low: Info). */
    riskLevels: z
      .object({
        low: z.number().min(0).max(100).default(20),
        medium: z.number().min(0).max(100).default(40),
        high: z.number().min(0).max(100).default(60),
        critical: z.number().min(0).max(100).default(80),
      })
      .strict()
      .prefault({}),
    entity: z
      .object({
        /** Findings older than this (ms) no longer count. Default 30 days. */
        windowMs: z
          .number()
          .positive()
          .default(30 * 24 * 3_600_000),
        /** A finding's score halves every `halfLifeMs`. Default 7 days. */
        halfLifeMs: z
          .number()
          .positive()
          .default(7 * 24 * 3_600_000),
        /** Contributions kept per entity (highest scores). Default 1000. */
        maxContributions: z.number().int().positive().default(1000),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, context) => {
    const total = Object.values(config.weights).reduce((sum, value) => sum + value, 0);
    if (total <= 0 || config.weights.severity <= 0)
      context.addIssue({
        code: 'custom',
        path: ['weights', 'severity'],
        message: 'the severity weight must be positive',
      });
    const bands = config.riskLevels;
    if (!(bands.low <= bands.medium && bands.medium <= bands.high && bands.high <= bands.critical))
      context.addIssue({
        code: 'custom',
        path: ['riskLevels'],
        message: 'bands must be ascending: low ≤ medium ≤ high ≤ critical',
      });
  });

/** The scoring configuration as written (every key optional). */
export type ScoringConfigInput = z.input<typeof scoringConfigSchema>;

/** The resolved scoring configuration. */
export type ScoringConfig = z.output<typeof scoringConfigSchema>;

/** Validates a tenant's scoring configuration and fills the defaults. Throws {@link ScoringConfigError}. */
export function resolveScoringConfig(input: unknown = {}): ScoringConfig {
  const result = scoringConfigSchema.safeParse(input ?? {});
  if (!result.success)
    throw new ScoringConfigError(
      result.error.issues.map((issue) => ({
        path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  return result.data;
}

/** A criticality or privilege level as a number from 0 to 1. */
export function levelValue(level: z.infer<typeof levelSchema>): number {
  return typeof level === 'number' ? level : LEVEL_VALUES[level];
}

/** Looks a name up in a table of exact names and `prefix*` / `*suffix` patterns (case-insensitive). */
export function lookupLevel(
  table: Record<string, z.infer<typeof levelSchema>>,
  name: string,
): { value: number; key: string } | undefined {
  const lower = name.toLowerCase();
  for (const [key, level] of Object.entries(table))
    if (key.toLowerCase() === lower) return { value: levelValue(level), key };
  for (const [key, level] of Object.entries(table)) {
    const pattern = key.toLowerCase();
    if (pattern.endsWith('*') && lower.startsWith(pattern.slice(0, -1)))
      return { value: levelValue(level), key };
    if (pattern.startsWith('*') && lower.endsWith(pattern.slice(1)))
      return { value: levelValue(level), key };
  }
  return undefined;
}
