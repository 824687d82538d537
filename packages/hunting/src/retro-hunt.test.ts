import { ManualClock, openMemoryStore } from '@openmdr/core';
import { compileSigmaRules, type ThreatIndicator } from '@openmdr/detections';
import { CaseService } from '@openmdr/response';
import { describe, expect, it } from 'vitest';
import { HuntError } from './errors.js';
import { at, memoryRunner, RUNDLL_RULE } from './hunting.test-helpers.js';
import { indicatorRuleId, indicatorToSigmaRule } from './indicator-rule.js';
import { pivotToCase } from './pivot.js';
import { retroHuntIndicator, retroHuntRules } from './retro-hunt.js';

const DAY = 86_400_000;
const now = 100 * DAY;

const indicator = (id: string, pattern: string, extra: Partial<ThreatIndicator> = {}) =>
  ({ id, pattern, ...extra }) satisfies ThreatIndicator;

/** Whether the rule generated for `pattern` matches `event` (engine semantics). */
function matches(pattern: string, event: Record<string, unknown>): boolean {
  const generated = indicatorToSigmaRule(indicator('i', pattern));
  if (!generated.ok) throw new Error(generated.reason);
  const engine = compileSigmaRules([generated.rule]);
  expect(engine.errors).toEqual([]);
  return engine.match(event, { logsource: generated.rule.logsource }).length > 0;
}

describe('indicatorToSigmaRule', () => {
  it('looks for an IP (and CIDR block) in the address fields', () => {
    expect(matches("[ipv4-addr:value = '203.0.113.7']", { DestinationIp: '203.0.113.7' })).toBe(
      true,
    );
    expect(matches("[ipv4-addr:value = '203.0.113.7']", { SourceIp: '203.0.113.7' })).toBe(true);
    expect(matches("[ipv4-addr:value = '203.0.113.7']", { DestinationIp: '203.0.113.8' })).toBe(
      false,
    );
    expect(matches("[ipv4-addr:value = '198.51.100.0/24']", { dst_ip: '198.51.100.20' })).toBe(
      true,
    );
  });

  it('looks for domains, URLs and file hashes in their fields', () => {
    expect(matches("[domain-name:value = 'evil.example']", { QueryName: 'evil.example' })).toBe(
      true,
    );
    expect(
      matches("[url:value = 'http://evil.example/payload.bin']", {
        'c-uri': 'http://evil.example/payload.bin',
      }),
    ).toBe(true);
    const sha256 = 'a'.repeat(64);
    expect(
      matches(`[file:hashes.'SHA-256' = '${sha256}']`, {
        Hashes: `MD5=${'b'.repeat(32)},SHA256=${sha256.toUpperCase()}`,
      }),
    ).toBe(true);
    expect(matches(`[file:hashes.MD5 = '${'c'.repeat(32)}']`, { md5: 'c'.repeat(32) })).toBe(true);
  });

  it('keeps the pattern’s OR, AND and NOT', () => {
    const either = "[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']";
    expect(matches(either, { QueryName: 'b.example' })).toBe(true);
    const both = "[ipv4-addr:value = '203.0.113.7' AND domain-name:value = 'a.example']";
    expect(matches(both, { DestinationIp: '203.0.113.7', DestinationHostname: 'a.example' })).toBe(
      true,
    );
    expect(matches(both, { DestinationIp: '203.0.113.7' })).toBe(false);
  });

  it('derives a stable UUID, the level from severity and the logsource from the kind', () => {
    const result = indicatorToSigmaRule(
      indicator('indicator--1', "[domain-name:value = 'evil.example']", {
        severityId: 5,
        name: 'Evil C2',
        source: 'feed-x',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rule.id).toBe(indicatorRuleId('indicator--1'));
    expect(result.rule.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(result.rule).toMatchObject({
      title: 'Threat intel: Evil C2',
      level: 'critical',
      author: 'feed-x',
      logsource: { category: 'dns' },
    });
  });

  it('gives no rule for a revoked indicator or an unsupported pattern, with why', () => {
    expect(
      indicatorToSigmaRule(indicator('r', "[domain-name:value = 'x.example']", { revoked: true })),
    ).toMatchObject({ ok: false, code: 'HUNT_INDICATOR_REVOKED' });
    expect(indicatorToSigmaRule(indicator('u', "[process:name = 'x.exe']"))).toMatchObject({
      ok: false,
      code: 'INTEL_PATTERN_UNSUPPORTED',
    });
  });
});

describe('retro-hunts', () => {
  const events = [
    { time: now - 40 * DAY, DestinationIp: '203.0.113.7', host: 'old' }, // out of retention
    { time: now - 10 * DAY, DestinationIp: '203.0.113.7', host: 'ws-1' },
    { time: now - 2 * DAY, DestinationIp: '203.0.113.9', host: 'ws-2' },
    { time: now - DAY, SourceIp: '203.0.113.7', host: 'ws-3' },
    {
      time: now - DAY,
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      host: 'ws-4',
    },
  ];

  it('hunts a new indicator over the retained window and raises findings for what already happened', async () => {
    const clock = new ManualClock(now);
    const runner = memoryRunner(events);
    const retro = await retroHuntIndicator(
      indicator('indicator--c2', "[ipv4-addr:value = '203.0.113.7']", { name: 'C2 address' }),
      { tenant: 'acme', runner, target: 'duckdb', retentionMs: 30 * DAY, clock, huntId: 'retro-1' },
    );
    expect(runner.hunts[0]?.range).toEqual({ from: now - 30 * DAY, to: now });
    expect(retro.result.hits.map((hit) => hit.event['host'])).toEqual(['ws-1', 'ws-3']);
    expect(retro.findings).toHaveLength(2);
    expect(at(retro.findings[0], 'unmapped')).toMatchObject({
      hunt_id: 'retro-1',
      rule_author: 'OpenMDR retro-hunt',
      indicator_id: 'indicator--c2',
    });
    expect(at(retro.findings[0], 'unmapped', 'rule_license')).toBeUndefined();
    expect(retro.hunt.createdBy).toBe('retro-hunt');
    // and on to a case in one call
    const store = openMemoryStore({ clock });
    const cases = new CaseService({ store, clock }).forTenant('acme');
    const pivot = await pivotToCase(retro.result, { cases });
    expect(pivot.case?.findingIds).toHaveLength(2);
  });

  it('ends the window at the indicator’s validUntil, and refuses one that expired before it', async () => {
    const clock = new ManualClock(now);
    const runner = memoryRunner(events);
    const pattern = "[ipv4-addr:value = '203.0.113.7']";
    const retro = await retroHuntIndicator(indicator('i', pattern, { validUntil: now - 5 * DAY }), {
      tenant: 'acme',
      runner,
      target: 'duckdb',
      retentionMs: 30 * DAY,
      clock,
    });
    expect(retro.result.hits.map((hit) => hit.event['host'])).toEqual(['ws-1']);
    await expect(
      retroHuntIndicator(indicator('i', pattern, { validUntil: now - 31 * DAY }), {
        tenant: 'acme',
        runner,
        target: 'duckdb',
        retentionMs: 30 * DAY,
        clock,
      }),
    ).rejects.toBeInstanceOf(HuntError);
    await expect(
      retroHuntIndicator(indicator('i', "[process:name = 'x']"), {
        tenant: 'acme',
        runner,
        target: 'duckdb',
        retentionMs: 30 * DAY,
        clock,
      }),
    ).rejects.toThrow(/not supported/);
  });

  it('hunts a new rule over the retained window', async () => {
    const retro = await retroHuntRules([RUNDLL_RULE], {
      tenant: 'acme',
      runner: memoryRunner(events),
      target: 'duckdb',
      range: { from: now - 7 * DAY, to: now },
    });
    expect(retro.result.hits.map((hit) => hit.event['host'])).toEqual(['ws-4']);
    expect(at(retro.findings[0], 'unmapped', 'rule_author')).toBe('Florian Roth (Nextron Systems)');
    expect(at(retro.findings[0], 'unmapped', 'rule_license')).toBe('DRL-1.1');
    await expect(
      retroHuntRules([RUNDLL_RULE], { tenant: 'acme', runner: memoryRunner([]), target: 'duckdb' }),
    ).rejects.toThrow(/retentionMs/);
  });
});
