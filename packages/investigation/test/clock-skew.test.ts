import { describe, expect, it } from 'vitest';
import { buildTimeline, estimateClockSkew } from '../src/index.js';
import { windowsItems } from './real-records.js';

/**
 * A second sensor on the same hosts: the Sysmon process starts and connections of the excerpt as
 * an EDR would report them (its own ids and product, process names in other case), its clock
 * `skewMs` ahead, plus events only it saw.
 */
function edrCopies(skewMs: number): Record<string, unknown>[] {
  const copies: Record<string, unknown>[] = [];
  for (const item of windowsItems()) {
    const event = item as Record<string, unknown>;
    if (event['class_uid'] !== 1007 || event['activity_id'] !== 1) continue;
    const process = event['process'] as Record<string, unknown>;
    copies.push({
      class_uid: 1007,
      class_name: 'Process Activity',
      activity_id: 1,
      activity_name: 'Launch',
      time: (event['time'] as number) + skewMs,
      device: event['device'],
      metadata: { product: { name: 'EDR' }, log_name: 'edr', uid: `edr-${copies.length}` },
      process: {
        uid: `edr-p${copies.length}`,
        cmd_line: process['cmd_line'],
        parent_process: { name: 'PARENT.EXE' },
      },
    });
  }
  copies.push({
    class_uid: 1007,
    activity_id: 1,
    time: 1,
    device: { hostname: 'other' },
    metadata: { product: { name: 'EDR' }, log_name: 'edr', uid: 'edr-only' },
    process: { cmd_line: 'seen by the EDR only' },
  });
  return copies;
}

describe('estimateClockSkew', () => {
  it('finds the offset of a second sensor from the process starts both report', () => {
    const items = [...windowsItems(), ...edrCopies(4_500)];
    const entries = buildTimeline(items);
    const estimates = estimateClockSkew(entries, {
      reference: 'Microsoft-Windows-Sysmon/Operational',
    });
    expect(estimates[0]).toEqual({
      source: 'Microsoft-Windows-Sysmon/Operational',
      offsetMs: 0,
      matches: 0,
    });
    const edr = estimates.find(
      (estimate) => estimate.source === 'edr.edr' || estimate.source === 'edr',
    );
    expect(edr?.offsetMs).toBe(-4_500);
    expect(edr?.matches).toBeGreaterThan(5);
    // Sources that share nothing get no estimate.
    expect(estimates.find((estimate) => estimate.source === 'Security')).toBeUndefined();

    const corrected = buildTimeline(items, { clockSkew: estimates });
    const sysmonStarts = corrected.filter(
      (entry) =>
        entry.source === 'Microsoft-Windows-Sysmon/Operational' &&
        entry.summary.startsWith('Process created'),
    );
    const edrStarts = corrected.filter(
      (entry) => entry.source === edr?.source && entry.host !== 'other',
    );
    expect(edrStarts.map((entry) => entry.time).sort()).toEqual(
      sysmonStarts.map((entry) => entry.time).sort(),
    );
  });

  it('ignores pairs further apart than maxOffsetMs', () => {
    const entries = buildTimeline([...windowsItems(), ...edrCopies(7_200_000)]);
    const estimates = estimateClockSkew(entries, {
      reference: 'Microsoft-Windows-Sysmon/Operational',
      maxOffsetMs: 3_600_000,
    });
    expect(estimates.map((estimate) => estimate.source)).toEqual([
      'Microsoft-Windows-Sysmon/Operational',
    ]);
  });
});
