import { NormalizationError } from '@openmdr/connector-kit';
import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { asffFindingsOf, isAsffFinding, normalizeAsffFinding } from './normalize-asff.js';

export {
  type AsffFindingEvent,
  asffFindingsOf,
  isAsffFinding,
  normalizeAsffFinding,
  normalizeAsffFindings,
  SECURITYHUB_PRODUCT,
} from './normalize-asff.js';

/** The one ASFF finding of a record: a finding, or an envelope of exactly one. */
function oneFinding(record: unknown): unknown {
  const findings = asffFindingsOf(record);
  if (findings.length === 1) return findings[0];
  const path = isRecord(record) && 'detail' in record ? 'detail.findings' : 'Findings';
  throw new NormalizationError(
    `expected one ASFF finding, got ${findings.length}: use normalizeAsffFindings for a page`,
    { path: Array.isArray(record) ? '(record)' : path },
  );
}

/**
 * The AWS Security Hub sources of `openmdr normalize`: `securityhub/findings` (ASFF findings,
 * alone or as the only finding of a `GetFindings` page or an EventBridge event), and
 * `securityhub` for any of them.
 */
export const securityhubNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'securityhub',
  'AWS Security Hub',
  [
    {
      id: 'securityhub/findings',
      summary:
        'AWS Security Hub ASFF findings (GetFindings Findings[] items, EventBridge "Security Hub Findings - Imported" detail.findings[])',
      matches: (record) => asffFindingsOf(record).some(isAsffFinding),
      normalize: (record, options) => normalizeAsffFinding(oneFinding(record), options),
    },
  ],
);
