// `openmdr detect --intel-source`: indicators read through the threat-intel connectors (TAXII
// 2.1, MISP, indicator feeds), each against its simulator, then matched by detections.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  startIntelFeedsSimulator,
  startMispSimulator,
  startTaxiiSimulator,
} from '@openmdr/connectors/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCommand } from './detect.js';
import { environmentSecrets, readIntelSource } from './intel-sources.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-intel-sources-'));
const file = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const indicator = (id: string, ip: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${id}`,
  created: '2026-03-01T00:00:00.000Z',
  modified: '2026-03-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '${ip}']`,
  pattern_type: 'stix',
  valid_from: '2026-03-01T00:00:00Z',
  date_added: '2026-03-01T00:00:01.000Z',
});

const base = {
  metadata: { version: '1.8.0', product: { name: 'fw' } },
  severity_id: 1,
  class_uid: 4001,
  activity_id: 6,
  time: Date.parse('2026-03-05T00:00:00Z'),
  src_endpoint: { ip: '10.0.0.5' },
};
const events = file(
  'events.jsonl',
  ['198.51.100.23', '203.0.113.9', '192.0.2.1']
    .map((ip) => JSON.stringify({ ...base, dst_endpoint: { ip } }))
    .join('\n'),
);

const simulators: Array<{ close(): Promise<void> }> = [];
const variables: string[] = [];
let taxiiConfig = '';
let feedsConfig = '';
let mispConfig = '';

beforeAll(async () => {
  const taxii = await startTaxiiSimulator({
    collections: {
      indicators: {
        title: 'C2',
        objects: [indicator('00000000-0000-4000-8000-000000000001', '198.51.100.23')],
      },
    },
  });
  const feeds = await startIntelFeedsSimulator({
    feeds: {
      '/feeds/c2.txt': {
        format: 'list',
        rows: [{ value: '203.0.113.9', first_seen: '2026-03-01T00:00:00Z' }],
      },
    },
  });
  const misp = await startMispSimulator({ attributes: [] });
  simulators.push(taxii, feeds, misp);
  taxiiConfig = file('taxii.json', taxii.config);
  feedsConfig = file('feeds.json', feeds.config);
  mispConfig = file('misp.json', misp.config);
  for (const [name, value] of [
    ['taxii_password', await taxii.secrets.get('acme', 'taxii.password')],
    ['intel_feeds_api_key', await feeds.secrets.get('acme', 'intel-feeds.api_key')],
    ['misp_auth_key', 'sim-wrong-misp-key-value-42'],
  ] as const) {
    const variable = `OPENMDR_SECRET__acme__${name}`;
    process.env[variable] = value;
    variables.push(variable);
  }
});

afterAll(async () => {
  for (const variable of variables) delete process.env[variable];
  await Promise.all(simulators.map((simulator) => simulator.close()));
});

function io() {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdin: new PassThrough(),
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
    },
    out: () => stdout,
    err: () => stderr,
  };
}

describe('openmdr detect --intel-source', () => {
  it('matches events against indicators read from TAXII and a list feed', async () => {
    const capture = io();
    const code = await detectCommand.run(
      [
        '--intel-source',
        `taxii:${taxiiConfig}`,
        `intel-feeds:${feedsConfig}`,
        '--events',
        events,
        '--input',
        'ocsf',
        '--tenant',
        'acme',
      ],
      capture.io,
    );
    expect(capture.err()).not.toContain('rejected');
    expect(capture.err()).toContain('3 events, 2 findings');
    expect(code).toBe(0);
    const titles = capture
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; finding?: Record<string, unknown> })
      .filter((line) => line.kind === 'finding')
      .map((line) => (line.finding?.['finding_info'] as { title?: string } | undefined)?.title);
    expect(titles.sort()).toEqual([
      'Threat intelligence match: 198.51.100.23',
      'Threat intelligence match: 203.0.113.9',
    ]);
  });

  it('reports a connector that fails (a wrong MISP key) and goes on with the others', async () => {
    const capture = io();
    const code = await detectCommand.run(
      [
        '--intel-source',
        `misp:${mispConfig}`,
        `taxii:${taxiiConfig}`,
        '--events',
        events,
        '--input',
        'ocsf',
        '--tenant',
        'acme',
      ],
      capture.io,
    );
    expect(code).toBe(1);
    expect(capture.err()).toMatch(/--intel-source misp:.*CONNECTOR_AUTH/);
    expect(capture.err()).not.toContain('sim-wrong-misp-key-value-42');
    expect(capture.out()).toContain('Threat intelligence match: 198.51.100.23');
  });

  it('refuses an unknown source id or a missing config as usage errors', async () => {
    await expect(readIntelSource(`otx:${taxiiConfig}`)).rejects.toThrow('--intel-source takes');
    await expect(readIntelSource('taxii:/nonexistent/taxii.json')).rejects.toThrow('cannot read');
    await expect(environmentSecrets({}).get('acme', 'taxii.password')).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
  });
});
