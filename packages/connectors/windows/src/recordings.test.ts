import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureRecordings, recordingFiles } from '../scripts/class-share.lib.js';

const recordings = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));

describe('normalizeWindowsEvent: public attack recordings (OTRF Security-Datasets, NXLog shape)', () => {
  const files = recordingFiles(recordings);
  const result = measureRecordings(files);

  it('normalises every record to strictly valid OCSF', () => {
    expect(files).toHaveLength(3);
    expect(result.total).toBe(1799);
    expect(result.errors).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.invalid).toBe(0);
  });

  it('keeps at most 20% of the records as Base Event', () => {
    expect(result.share, JSON.stringify(result.baseEventIds)).toBeLessThanOrEqual(0.2);
  });

  it('gives share access, directory access, token rights and Filtering Platform records their class', () => {
    // SMB Activity (5140/5145), Entity Management (4661/4662/4799), User Access Management
    // (4703), Network Activity (Sysmon 3, 5156, 5158).
    expect(result.classes[4006]).toBeGreaterThan(0);
    expect(result.classes[3004]).toBeGreaterThan(0);
    expect(result.classes[3005]).toBeGreaterThan(0);
    expect(result.classes[4001]).toBeGreaterThan(0);
  });
});
