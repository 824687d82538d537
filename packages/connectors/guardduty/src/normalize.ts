import { connectorSources, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { isGuardDutyEvent, isGuardDutyFinding } from './finding-input.js';
import { normalizeGuardDutyFinding } from './normalize-finding.js';

/**
 * The Amazon GuardDuty sources of `openmdr normalize`: `guardduty/findings` (findings as
 * `GetFindings` returns them, camelCase or PascalCase, or the EventBridge events that carry them),
 * and `guardduty` for any stream (the `findings` stream reads the same records).
 */
export const guarddutyNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'guardduty',
  'Amazon GuardDuty',
  [
    {
      id: 'guardduty/findings',
      summary:
        'Amazon GuardDuty findings (GetFindings records, or EventBridge "GuardDuty Finding" events)',
      matches: (record) => isGuardDutyFinding(record) || isGuardDutyEvent(record),
      normalize: (record, options) => normalizeGuardDutyFinding(record, options),
    },
  ],
);
