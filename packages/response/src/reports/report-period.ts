import { OpenMdrError } from '@openmdr/core';

/** The period a report covers: [`start`, `end`) in epoch ms, UTC. */
export interface ReportPeriod {
  kind: 'month' | 'quarter';
  /** `2026-11` or `2026-Q4`. */
  label: string;
  start: number;
  end: number;
}

/**
 * The period of a label: `2026-11` (a month) or `2026-Q4` (a quarter), in UTC.
 * Throws `REPORT_PERIOD_INVALID` for anything else.
 */
export function reportPeriod(label: string): ReportPeriod {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (month) {
    const year = Number(month[1]);
    const index = Number(month[2]) - 1;
    return {
      kind: 'month',
      label,
      start: Date.UTC(year, index, 1),
      end: Date.UTC(year, index + 1, 1),
    };
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    const year = Number(quarter[1]);
    const first = (Number(quarter[2]) - 1) * 3;
    return {
      kind: 'quarter',
      label,
      start: Date.UTC(year, first, 1),
      end: Date.UTC(year, first + 3, 1),
    };
  }
  throw new OpenMdrError(
    'REPORT_PERIOD_INVALID',
    `report period '${label}' is neither a month (YYYY-MM) nor a quarter (YYYY-Qn)`,
    { details: { label } },
  );
}
