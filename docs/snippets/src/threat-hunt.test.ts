import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docs/guides/threat-hunting.md snippet', () => {
  it('converts, hunts in DuckDB and Splunk, retro-hunts an indicator, and pivots to a case', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      lines.push(parts.map(String).join(' '));
    });
    await import('./threat-hunt.js');
    expect(lines).toEqual([
      expect.stringMatching(/^splunk: .*CommandLine="\* -enc \*" OR CommandLine="\* \/enc \*"/),
      expect.stringMatching(/^kql: Sysmon \| where EventID == 1 \| where Image endswith/),
      'duckdb hit: event 0 Whoami Execution',
      'duckdb hit: event 2 Encoded PowerShell',
      'retro-hunt: 1 hit(s) on line(s) 3, 1 finding(s)',
      'splunk: 1 hit(s), 0 failure(s)',
      'case opened with 1 finding(s); timeline: created, finding, hunt',
    ]);
  }, 60_000);
});
