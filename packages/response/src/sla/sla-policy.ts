import { OpenMdrError } from '@openmdr/core';
import * as z from 'zod';
import type { CaseSeverity } from '../cases/case-types.js';

const minutes = z.number().positive().finite();

/** Targets of one severity, in minutes. A metric without a target is measured but never breaches. */
export const SlaTargetsSchema = z
  .object({
    /** MTTD target: first event → detection. */
    detectMinutes: minutes.optional(),
    /** MTTA target: detection → acknowledgement. */
    acknowledgeMinutes: minutes.optional(),
    /** MTTI target: acknowledgement → investigation start. */
    investigateMinutes: minutes.optional(),
    /** MTTC target: detection → containment. */
    containMinutes: minutes.optional(),
    /** MTTR target: detection → resolution (close). */
    resolveMinutes: minutes.optional(),
  })
  .strict();

/** Schema of an SLA policy: targets per severity and the at-risk threshold. */
export const SlaPolicySchema = z
  .object({
    /** Name, for reports. */
    name: z.string().min(1),
    /** A clock is at risk once elapsed time reaches this fraction of its target. Default 0.8. */
    atRiskFraction: z.number().gt(0).lt(1).default(0.8),
    /** Targets by case severity. */
    targets: z
      .object({
        critical: SlaTargetsSchema.optional(),
        high: SlaTargetsSchema.optional(),
        medium: SlaTargetsSchema.optional(),
        low: SlaTargetsSchema.optional(),
        informational: SlaTargetsSchema.optional(),
      })
      .strict(),
  })
  .strict();

/** Targets of one severity, in minutes. */
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;
/** A validated SLA policy. */
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
/** An SLA policy as written (defaults not yet applied). */
export type SlaPolicyInput = z.input<typeof SlaPolicySchema>;

/**
 * An SLA policy failed validation. Code `SLA_POLICY_INVALID`; `details.issues` has field paths.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#sla_policy_invalid | SLA_POLICY_INVALID} in the error reference
 */
export class SlaPolicyError extends OpenMdrError {
  /** Marks SLA policy errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.SlaPolicyError');
  declare readonly code: 'SLA_POLICY_INVALID';
  constructor(issues: { path: string; message: string }[], source: string) {
    super(
      'SLA_POLICY_INVALID',
      `invalid SLA policy ${source}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
      { details: { source, issues } },
    );
    this.name = 'SlaPolicyError';
  }
}

/**
 * Validates an SLA policy and applies defaults.
 * @param source where the policy came from (file, tenant), for the error message.
 * @throws SlaPolicyError
 */
export function parseSlaPolicy(input: unknown, source = '(inline)'): SlaPolicy {
  const result = SlaPolicySchema.safeParse(input);
  if (result.success) return result.data;
  throw new SlaPolicyError(
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    source,
  );
}

/** SLA policies of each tenant, with a default for tenants without their own. */
export class SlaPolicyRegistry {
  readonly #default: SlaPolicy;
  readonly #byTenant = new Map<string, SlaPolicy>();

  /** @param defaultPolicy the policy of tenants without their own (validated). */
  constructor(defaultPolicy: SlaPolicyInput) {
    this.#default = parseSlaPolicy(defaultPolicy, 'default');
  }

  /** Sets (and validates) the policy of `tenant`. */
  set(tenant: string, policy: SlaPolicyInput): SlaPolicy {
    const parsed = parseSlaPolicy(policy, `of tenant ${JSON.stringify(tenant)}`);
    this.#byTenant.set(tenant, parsed);
    return parsed;
  }

  /** The policy of `tenant`, or the default. */
  get(tenant: string): SlaPolicy {
    return this.#byTenant.get(tenant) ?? this.#default;
  }
}

/** The targets a policy sets for `severity` (empty when none). */
export function targetsFor(policy: SlaPolicy, severity: CaseSeverity): SlaTargets {
  return policy.targets[severity] ?? {};
}
