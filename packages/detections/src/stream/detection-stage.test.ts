import type { JsonValue, StreamEntry } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../rules/define-rule.js';
import { correlationFromDocument } from '../sigma/correlation/parse-correlation.js';
import { parseSigmaYaml } from '../sigma/parse.js';
import type { SigmaCorrelationDocument, SigmaRule } from '../sigma/types.js';
import { createDetectionStage, type DetectionStage } from './detection-stage.js';
import { detectionPartitionKey, partitionByForCorrelations } from './partition-key.js';

const RULES = `
title: Whoami
id: 6a9f6c0e-0001-4000-8000-000000000001
name: whoami
status: test
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
---
title: Net
id: 6a9f6c0e-0001-4000-8000-000000000002
name: net
status: test
level: low
logsource: { category: process_creation, product: windows }
detection:
  selection: { Image|endswith: '\\net.exe' }
  condition: selection
`;

const BY_HOST = `
title: Repeated whoami on a host
id: 6a9f6c0e-0002-4000-8000-000000000001
correlation: { type: event_count, rules: [whoami], group-by: [Computer], timespan: 2m, condition: { gte: 3 } }
generate: true
---
title: Net run by several users on a host
id: 6a9f6c0e-0002-4000-8000-000000000002
correlation: { type: value_count, rules: [net], group-by: [Computer], timespan: 5m, condition: { gte: 2, field: User } }
`;

const BY_USER = `
title: Repeated whoami by a user
id: 6a9f6c0e-0002-4000-8000-000000000003
correlation: { type: event_count, rules: [whoami], group-by: [User], timespan: 2m, condition: { gte: 3 } }
generate: true
`;

function parse(yaml: string) {
  const documents = parseSigmaYaml(yaml, 'test.yml').documents;
  return {
    rules: documents.filter((d): d is SigmaRule => d.kind === 'rule'),
    correlations: documents
      .filter((d): d is SigmaCorrelationDocument => d.kind === 'correlation')
      .map(correlationFromDocument),
  };
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['whoami.exe', 'net.exe', 'cmd.exe', 'notepad.exe'];

/** Process launches on 8 hosts by 5 users, in time order. */
function events(count: number, seed: number): Record<string, JsonValue>[] {
  const next = random(seed);
  let time = Date.UTC(2026, 0, 5, 9);
  return Array.from({ length: count }, (_, index) => {
    time += Math.floor(next() * 15_000);
    const host = `ws-${Math.floor(next() * 8)}`;
    const user = `user${Math.floor(next() * 5)}`;
    const image = IMAGES[Math.floor(next() * IMAGES.length)] as string;
    return {
      class_uid: 1007,
      activity_id: 1,
      category_uid: 1,
      type_uid: 100701,
      severity_id: 1,
      time,
      metadata: { uid: `evt-${seed}-${index}`, product: { name: 'Sysmon' }, version: '1.8.0' },
      device: { hostname: host, type_id: 2, os: { name: 'Windows', type_id: 100 } },
      actor: { user: { name: user } },
      process: {
        pid: 1000 + index,
        file: { name: image, type_id: 1, path: `C:\\Windows\\System32\\${image}` },
        user: { name: user, domain: 'CORP' },
      },
    };
  });
}

function hash(key: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    value ^= key.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}

function entry(data: Record<string, JsonValue>, index: number, partition: number): StreamEntry {
  return {
    id: `${index}-0`,
    partition,
    key: detectionPartitionKey(data),
    data,
    appendedAt: 0,
    deliveries: 1,
  };
}

/** Runs the stage over partitions in batches of `batch`, the state JSON round-tripped between. */
function run(
  stage: DetectionStage,
  input: readonly Record<string, JsonValue>[],
  partitions: number,
  batch: number,
  by: 'host' | 'user' = 'host',
): Map<string, string> {
  const split: StreamEntry[][] = Array.from({ length: partitions }, () => []);
  input.forEach((data, index) => {
    const partition = hash(detectionPartitionKey(data, { by })) % partitions;
    split[partition]?.push(entry(data, index, partition));
  });
  const findings = new Map<string, string>();
  split.forEach((entries, partition) => {
    let stored: JsonValue = JSON.parse(JSON.stringify(stage.initialState()));
    for (let start = 0; start < entries.length; start += batch) {
      const step = stage.step(stage.restore(stored), entries.slice(start, start + batch), {
        tenant: 'acme' as never,
        partition,
      });
      stored = JSON.parse(JSON.stringify(step.state));
      for (const output of step.outputs) {
        expect(findings.has(output.key)).toBe(false);
        findings.set(output.key, JSON.stringify(output.data));
      }
    }
  });
  return findings;
}

function byOrigin(findings: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const text of findings.values()) {
    const type = (JSON.parse(text) as { finding_info: { types: string[] } }).finding_info
      .types[0] as string;
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

const noisyWhoami = defineRule<Record<string, unknown>>({
  id: 'native-whoami-burst',
  title: 'Bursts of whoami on a host',
  severity: 'medium',
  classUid: 1007,
  match: (event) =>
    (event['process'] as { file?: { name?: string } } | undefined)?.file?.name === 'whoami.exe',
  dedupKey: (event) => String((event['device'] as { hostname?: string } | undefined)?.hostname),
  dedupWindowMs: 60_000,
  threshold: { count: 3, windowMs: 1_200_000 },
});

describe('createDetectionStage', () => {
  const { rules, correlations } = parse(`${RULES}---${BY_HOST}`);
  const input = events(3_000, 21);

  it('gives the same findings on 1 and on N partitions when the correlations group by the partition entity', () => {
    const stage = createDetectionStage({ rules, correlations, nativeRules: [noisyWhoami] });
    expect(stage.engine.errors).toEqual([]);
    expect(stage.partitioning.by).toBe('host');
    expect(stage.partitioning.inexact).toEqual([]);
    const single = run(stage, input, 1, input.length);
    const counts = byOrigin(single);
    // Not vacuous: each kind of detection fires many times.
    expect(counts['Sigma']).toBeGreaterThan(500);
    expect(counts['Sigma Correlation']).toBeGreaterThan(50);
    expect(counts['Native Rule']).toBeGreaterThan(20);
    for (const [partitions, batch] of [
      [3, 17],
      [12, 50],
      [5, 1],
    ] as const) {
      expect(run(stage, input, partitions, batch)).toEqual(single);
    }
  });

  it('is deterministic: a new stage in another run gives the same uids and content', () => {
    const first = run(createDetectionStage({ rules, correlations }), input, 1, 100);
    const second = run(createDetectionStage({ rules, correlations }), input, 4, 33);
    expect(second).toEqual(first);
  });

  it('is not exact for a correlation grouped by another entity than the partition (the documented limit)', () => {
    const byUser = parse(`${RULES}---${BY_USER}`);
    const stage = createDetectionStage(byUser);
    expect(stage.partitioning.by).toBe('user');
    const single = run(stage, input, 1, input.length);
    const correlationUids = (findings: Map<string, string>) =>
      [...findings.entries()]
        .filter(([, text]) => text.includes('"Sigma Correlation"'))
        .map(([uid]) => uid)
        .sort();
    // Partitioned by the correlation's entity (user): exact.
    expect(run(stage, input, 4, 25, 'user')).toEqual(single);
    // Partitioned by host: a user's whoami runs spread over partitions, and the correlation
    // fires differently.
    expect(correlationUids(run(stage, input, 4, 25, 'host'))).not.toEqual(correlationUids(single));
  });

  it('restores a state that went through JSON, and starts afresh from nothing', () => {
    const stage = createDetectionStage({ rules, correlations });
    expect(stage.restore(null)).toEqual(stage.initialState());
    expect(() => stage.restore({ version: 1, correlation: { version: 2 } })).toThrow(
      /correlation state/,
    );
  });
});

describe('detectionPartitionKey', () => {
  it('keys by host, else user, else source ip', () => {
    expect(detectionPartitionKey({ device: { hostname: 'WS-1' }, user: { name: 'a' } })).toBe(
      'host:ws-1',
    );
    expect(detectionPartitionKey({ device: { name: 'srv' } })).toBe('host:srv');
    expect(detectionPartitionKey({ user: { name: 'Bob' } })).toBe('user:bob');
    expect(detectionPartitionKey({ src_endpoint: { ip: '192.0.2.1' } })).toBe('ip:192.0.2.1');
    expect(detectionPartitionKey({})).toBe('none');
  });

  it('keys by user first with by: user, and by attribute paths', () => {
    const event = { device: { hostname: 'ws-1' }, actor: { user: { name: 'Alice' } } };
    expect(detectionPartitionKey(event, { by: 'user' })).toBe('user:alice');
    expect(detectionPartitionKey(event, { by: ['device.hostname', 'src_endpoint.ip'] })).toBe(
      'fields:["ws-1",null]',
    );
  });

  it('derives the entity from the correlations group-by and names the inexact ones', () => {
    const host = parse(`${RULES}---${BY_HOST}`).correlations;
    const user = parse(`${RULES}---${BY_USER}`).correlations;
    expect(partitionByForCorrelations([...host, ...user])).toMatchObject({
      by: 'host',
      inexact: ['6a9f6c0e-0002-4000-8000-000000000003'],
    });
    expect(partitionByForCorrelations(user).by).toBe('user');
    expect(partitionByForCorrelations([]).reason).toMatch(/default/);
  });
});
