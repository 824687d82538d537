/**
 * The indicator record every intel source is loaded into: a STIX 2.1 pattern with the
 * indicator's validity, confidence, TLP and revision. Plain JSON, so that an indicator set can
 * be stored in the core stores and reloaded.
 */
import * as z from 'zod';

/** Traffic Light Protocol levels (TLP 2.0, with TLP 1.0 `WHITE`), as OCSF `osint.tlp` spells them. */
export type TlpLevel = 'CLEAR' | 'WHITE' | 'GREEN' | 'AMBER' | 'AMBER STRICT' | 'RED';

/** One threat indicator. */
export interface ThreatIndicator {
  /** Stable id: the STIX `indicator--…` id, or `<source>:<type>:<value>` for lists and MISP. */
  id: string;
  /** STIX 2.1 pattern (`pattern_type: stix`). Lists and MISP attributes are converted to one. */
  pattern: string;
  /** Display name. */
  name?: string;
  /** Description. */
  description?: string;
  /** Confidence 0–100 (STIX `confidence`). */
  confidence?: number;
  /** TLP of the indicator (from its marking definitions). */
  tlp?: TlpLevel;
  /** Start of validity, epoch ms (STIX `valid_from`). */
  validFrom?: number;
  /** End of validity, epoch ms (STIX `valid_until`); the indicator stops matching then. */
  validUntil?: number;
  /** Creation time, epoch ms. */
  created?: number;
  /** Revision time, epoch ms (STIX `modified`): a newer revision replaces an older one. */
  modified?: number;
  /** A revoked indicator is removed from matching. */
  revoked?: boolean;
  /** Labels (`malicious-activity`, MISP tags, …). */
  labels?: string[];
  /** ATT&CK or other kill-chain phases (`{kill_chain_name, phase_name}`). */
  killChainPhases?: { killChainName: string; phaseName: string }[];
  /** Where it came from (file, TAXII collection, MISP event, feed name). */
  source?: string;
  /** Severity of a match, as an OCSF `severity_id` (1 Informational … 5 Critical). Default 3. */
  severityId?: 1 | 2 | 3 | 4 | 5;
}

/** The zod schema of {@link ThreatIndicator}, for stored indicator sets. */
export const threatIndicatorSchema = z.object({
  id: z.string().min(1),
  pattern: z.string().min(1),
  name: z.string().optional(),
  description: z.string().optional(),
  confidence: z.number().min(0).max(100).optional(),
  tlp: z.enum(['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER STRICT', 'RED']).optional(),
  validFrom: z.number().optional(),
  validUntil: z.number().optional(),
  created: z.number().optional(),
  modified: z.number().optional(),
  revoked: z.boolean().optional(),
  labels: z.array(z.string()).optional(),
  killChainPhases: z
    .array(z.object({ killChainName: z.string(), phaseName: z.string() }))
    .optional(),
  source: z.string().optional(),
  severityId: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])
    .optional(),
});

/** An indicator a loader could not take, with the reason. Nothing is dropped silently. */
export interface RejectedIndicator {
  /** The indicator id, when it had one. */
  id?: string;
  /** The pattern or raw value. */
  input?: string;
  /** Stable code: `INTEL_PATTERN_SYNTAX`, `INTEL_PATTERN_UNSUPPORTED`, `INTEL_SOURCE_INVALID`. */
  code: string;
  /** Why. */
  reason: string;
  /** Where (file:line, `objects[3]`). */
  location?: string;
}

/** What a loader returns: the indicators and the rejected ones with reasons. */
export interface IndicatorLoadResult {
  /** Loaded indicators. */
  indicators: ThreatIndicator[];
  /** Rejected records, each with its reason. */
  rejected: RejectedIndicator[];
}

/** Escapes a value for a STIX string literal. */
export function stixString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}
