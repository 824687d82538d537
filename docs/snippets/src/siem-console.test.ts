import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docs/guides/siem-as-source-and-console.md snippet', () => {
  it('reads the notables, groups them, writes the incident back and updates the notables', async () => {
    vi.stubEnv('SPLUNK_URL', '');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      lines.push(parts.map(String).join(' '));
    });
    await import('./siem-console.js');
    expect(lines).toEqual([
      'read 3 notables (0 dead-lettered)',
      expect.stringMatching(/^incident incident-\S+: 3 notables, priority Critical$/),
      'wrote 1 incident finding(s) to index=openmdr',
      'marked 3 notables In Progress',
      'HEC received: 1 event(s)',
    ]);
  });
});
