import type { SeverityId } from '@openmdr/core';

/** An OCSF 1.8.0 `severity_id`: 0 Unknown, 1 Informational, … 6 Fatal, 99 Other. */
export type SeverityIdValue = keyof typeof SeverityId;

const SEVERITY_IDS: Readonly<Record<string, SeverityIdValue>> = {
  unknown: 0,
  unspecified: 0,
  informational: 1,
  info: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** OCSF `severity_id` from a vendor severity name (`High`, `informational`); 99 when unknown. */
export function severityIdOf(name: string | undefined): SeverityIdValue {
  if (name === undefined) return 0;
  return SEVERITY_IDS[name.toLowerCase()] ?? 99;
}
