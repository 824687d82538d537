import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  EXCERPT,
  excerptLines,
  expectWindowsInvariants,
  runInvestigate,
} from '../../test/investigate-fixtures.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-investigate-'));
const lines = excerptLines();

describe('openmdr investigate --input winlog', () => {
  it('prints one JSON document: an entry per record in time order, every process linked to its parent, every computer in scope', async () => {
    const { code, document, err } = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(expectWindowsInvariants(document, lines)).toBe(38);
    expect(document.skipped).toBe(0);
    expect(document.scope.hosts).toEqual(
      expect.arrayContaining([
        'MSEDGEWIN10',
        'IEWIN7',
        'WIN-77LTAPHIQ1R.example.corp',
        'PC01.example.corp',
        'DC1.insecurebank.local',
      ]),
    );
    // Process nodes carry the Sysmon ProcessGuid exactly as the record spells it.
    const whoami = document.graph.nodes.find(
      (node) => node.uid === '{365ABB72-B0F3-5CC8-0000-0010373E1D00}',
    );
    expect(whoami).toMatchObject({ kind: 'process' });
    expect(document.timeline[0]).toMatchObject({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      source: expect.any(String),
      summary: expect.any(String),
    });
  });

  it('keeps a record it cannot read or normalise as an entry, goes on, and exits 1', async () => {
    const broken = [...lines];
    broken.splice(40, 0, 'not json {');
    broken.splice(80, 0, '{"Event":{"System":{"EventID":1,"Computer":"GHOST-PC"}}}');
    const file = join(directory, 'broken.jsonl');
    writeFileSync(file, `${broken.join('\n')}\n`);
    const { code, document, err } = await runInvestigate([
      'investigate',
      '--events',
      file,
      '--input',
      'winlog',
    ]);
    expect(code).toBe(1);
    expect(document.skipped).toBe(2);
    expect(document.timeline).toHaveLength(lines.length + 2);
    expect(err).toContain('line 41 is not JSON');
    expect(err).toContain('line 81:');
    expect(document.timeline.some((entry) => entry.host === 'GHOST-PC')).toBe(true);
    expect(document.notes[0]).toContain('2 of 155 records could not be read or normalised');
    // The other records are processed as before; the unreadable record's computer is in scope.
    expect(expectWindowsInvariants(document, broken)).toBe(38);
    expect(document.scope.hosts).toContain('GHOST-PC');

    const quiet = await runInvestigate([
      'investigate',
      '--events',
      file,
      '--input',
      'winlog',
      '--quiet',
    ]);
    expect(quiet.code).toBe(1);
    expect(quiet.err).toBe('');
  });

  it('exits 0 when every line is JSON, though the normaliser rejects a record', async () => {
    const file = join(directory, 'unmapped.jsonl');
    const records = [...lines];
    records.splice(10, 0, '{"Event":{"System":{"EventID":1,"Computer":"GHOST-PC"}}}');
    writeFileSync(file, `${records.join('\n')}\n`);
    const { code, document, err } = await runInvestigate([
      'investigate',
      '--events',
      file,
      '--input',
      'winlog',
    ]);
    expect(code).toBe(0);
    expect(document.skipped).toBe(1);
    expect(document.timeline).toHaveLength(records.length);
    expect(err).toContain('line 11:');
  });

  it('reads standard input and gzip, with the same result', async () => {
    const text = `${lines.join('\n')}\n`;
    const plain = await runInvestigate(['investigate', '--events', EXCERPT, '--input', 'winlog']);
    const stdin = await runInvestigate(['investigate', '--events', '-', '--input', 'winlog'], text);
    expect(stdin.code).toBe(0);
    expect(stdin.document).toEqual(plain.document);
    const gz = join(directory, 'events.jsonl.gz');
    writeFileSync(gz, gzipSync(text));
    const gzipped = await runInvestigate(['investigate', '--events', gz, '--input', 'winlog']);
    expect(gzipped.document).toEqual(plain.document);
    // gzip on standard input, recognised by its magic bytes
    const piped = join(directory, 'piped.gz');
    writeFileSync(piped, gzipSync(text));
    const fromStdin = await runInvestigate(
      ['investigate', '--events', '-', '--input', 'winlog'],
      readFileSync(piped) as unknown as string,
    );
    expect(fromStdin.document).toEqual(plain.document);
    // --output writes the same document to a file, nothing to standard output
    const target = join(directory, 'case.json');
    const written = await runInvestigate([
      'investigate',
      '--events',
      gz,
      '--input',
      'winlog',
      '--output',
      target,
    ]);
    expect(written.code).toBe(0);
    expect(written.out).toBe('');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(plain.document);
  });

  it('keeps duplicates and marks them', async () => {
    const twice = join(directory, 'twice.jsonl');
    writeFileSync(twice, `${[...lines, ...lines].join('\n')}\n`);
    const { code, document } = await runInvestigate([
      'investigate',
      '--events',
      twice,
      '--input',
      'winlog',
    ]);
    expect(code).toBe(0);
    expect(document.timeline).toHaveLength(2 * lines.length);
    const marked = document.timeline.filter((entry) => entry.duplicate_of !== undefined);
    expect(marked).toHaveLength(lines.length);
  });

  it('--seed narrows the graph to the subgraph around a process and the timeline to what touches it', async () => {
    const full = await runInvestigate(['investigate', '--events', EXCERPT, '--input', 'winlog']);
    const seed = '{365ABB72-B0F3-5CC8-0000-0010373E1D00}';
    const { code, document } = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
      '--seed',
      seed,
      '--depth',
      '1',
    ]);
    expect(code).toBe(0);
    const ids = new Set(document.graph.nodes.map((node) => node.id));
    const seedNode = document.graph.nodes.find((node) => node.uid === seed);
    expect(seedNode).toBeDefined();
    expect(document.graph.nodes.length).toBeLessThan(full.document.graph.nodes.length);
    expect(document.graph.nodes.length).toBeGreaterThan(1);
    // Every node is the seed or one edge from it.
    for (const node of document.graph.nodes) {
      if (node.id === seedNode?.id) continue;
      expect(
        document.graph.edges.some(
          (edge) =>
            (edge.from === seedNode?.id && edge.to === node.id) ||
            (edge.to === seedNode?.id && edge.from === node.id),
        ),
      ).toBe(true);
    }
    expect(document.timeline.length).toBeGreaterThan(0);
    expect(document.timeline.length).toBeLessThan(full.document.timeline.length);
    for (const entry of document.timeline) {
      expect(entry.entities.some((id) => ids.has(id))).toBe(true);
    }
    expect(document.scope.hosts).toEqual(['IEWIN7']);

    const unknown = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
      '--seed',
      'no-such-thing',
    ]);
    expect(unknown.code).toBe(0);
    expect(unknown.document.graph.nodes).toEqual([]);
    expect(unknown.document.timeline).toEqual([]);
    expect(unknown.err).toContain('no node matches the seed');
  });

  it('--window keeps the events between two times', async () => {
    const { code, document } = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
      '--window',
      '2019-01-01..2019-12-31T23:59:59.999Z',
    ]);
    expect(code).toBe(0);
    expect(document.timeline.length).toBeGreaterThan(0);
    expect(document.timeline.length).toBeLessThan(lines.length);
    for (const entry of document.timeline) expect(entry.time?.startsWith('2019-')).toBe(true);
    const from = Date.parse('2019-01-01');
    const to = Date.parse('2020-01-01');
    for (const node of document.graph.nodes) {
      expect(node).toBeDefined();
    }
    expect(document.scope.hosts).not.toContain('MSEDGEWIN10'); // its recordings are from 2020 and 2021
    expect(Date.parse(document.timeline[0]?.time ?? '')).toBeGreaterThanOrEqual(from);
    expect(Date.parse(document.timeline.at(-1)?.time ?? '')).toBeLessThan(to);
  });

  it('--format html writes the page, the command lines escaped', async () => {
    const { code, out } = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
      '--format',
      'html',
      '--title',
      'Lateral movement <lab>',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^<!DOCTYPE html>/);
    expect(out).toContain('<title>Lateral movement &lt;lab&gt;</title>');
    expect(out).toContain('<svg class="graph"');
    expect(out.match(/<tr id="entry-\d+"/g)).toHaveLength(lines.length);
    expect(out).not.toMatch(/<script/i);
  });

  it('answers usage errors with one line and exit 2', async () => {
    const cases: [string[], string][] = [
      [['investigate', '--events', EXCERPT], '--input winlog|ocsf is required'],
      [['investigate', '--input', 'winlog'], '--events FILE|- is required'],
      [
        ['investigate', '--events', EXCERPT, '--input', 'evtx'],
        "--input must be winlog or ocsf, not 'evtx'",
      ],
      [
        ['investigate', '--events', EXCERPT, '--input', 'winlog', '--window', 'yesterday'],
        '--window must be FROM..TO',
      ],
      [
        ['investigate', '--events', EXCERPT, '--input', 'winlog', '--window', '2020..2019'],
        '--window FROM is after TO',
      ],
      [
        ['investigate', '--events', EXCERPT, '--input', 'winlog', '--seed', 'x', '--depth', '21'],
        "--depth must be an integer from 0 to 20, not '21'",
      ],
      [
        ['investigate', '--events', EXCERPT, '--input', 'winlog', '--depth', '2'],
        '--depth needs --seed',
      ],
      [
        ['investigate', '--events', join(directory, 'missing.jsonl'), '--input', 'winlog'],
        'cannot read',
      ],
    ];
    for (const [args, message] of cases) {
      const { code, err, out } = await runInvestigate(args);
      expect(code, args.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(message);
    }
  });
});

// The OCSF events of two independent producers already in the repository: the OCSF project's
// examples (AWS, Okta, Zeek, Cisco ASA, …) and the CrowdStrike FDR normaliser's expected output.
const ocsfExamples = fileURLToPath(
  new URL('../../../core/test/fixtures/third-party-ocsf/ocsf-examples.jsonl', import.meta.url),
);
const crowdstrikeFdr = fileURLToPath(
  new URL('../../../connectors/crowdstrike/src/__fixtures__/fdr-events.ocsf.json', import.meta.url),
);

interface FdrEvent {
  class_uid: number;
  activity_id: number;
  process?: { uid?: string | number; parent_process?: { uid?: string | number } };
  device?: { hostname?: string };
}

describe('openmdr investigate --input ocsf', () => {
  it('reads OCSF events and findings of other producers: an entry each, in time order', async () => {
    const text = readFileSync(ocsfExamples, 'utf8');
    const count = text.split('\n').filter((line) => line.trim() !== '').length;
    const { code, document } = await runInvestigate([
      'investigate',
      '--events',
      ocsfExamples,
      '--input',
      'ocsf',
    ]);
    expect(code).toBe(0);
    expect(document.timeline).toHaveLength(count);
    const times = document.timeline.map((entry) => entry.epoch_ms ?? Number.POSITIVE_INFINITY);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(document.graph.nodes.length).toBeGreaterThan(0);
    expect(document.graph.nodes.some((node) => node.kind === 'ip')).toBe(true);
    expect(document.graph.nodes.some((node) => node.kind === 'user')).toBe(true);
  });

  it('links EDR process launches by process uid (CrowdStrike FDR, one JSON array document)', async () => {
    const events = JSON.parse(readFileSync(crowdstrikeFdr, 'utf8')) as FdrEvent[];
    const { code, document } = await runInvestigate([
      'investigate',
      '--events',
      crowdstrikeFdr,
      '--input',
      'ocsf',
    ]);
    expect(code).toBe(0);
    expect(document.timeline).toHaveLength(events.length);
    const byUid = new Map(
      document.graph.nodes
        .filter((node) => node.kind === 'process')
        .map((node) => [node.uid, node.id]),
    );
    const launches = events.filter(
      (event) =>
        event.class_uid === 1007 && event.activity_id === 1 && event.process?.parent_process?.uid,
    );
    expect(launches.length).toBeGreaterThan(0);
    for (const launch of launches) {
      const child = byUid.get(String(launch.process?.uid));
      const parent = byUid.get(String(launch.process?.parent_process?.uid));
      expect(
        document.graph.edges.some(
          (edge) => edge.kind === 'spawned' && edge.from === parent && edge.to === child,
        ),
      ).toBe(true);
    }
    for (const event of events) {
      if (typeof event.device?.hostname === 'string') {
        expect(document.scope.hosts).toContain(event.device.hostname);
      }
    }
  });

  it('a line that is not an OCSF event is kept as an entry', async () => {
    const file = join(directory, 'ocsf-bad.jsonl');
    const text = readFileSync(ocsfExamples, 'utf8').trim().split('\n');
    text.splice(5, 0, '{"hello":"world"}', '[1,2');
    writeFileSync(file, text.join('\n'));
    const { code, document, err } = await runInvestigate([
      'investigate',
      '--events',
      file,
      '--input',
      'ocsf',
    ]);
    expect(code).toBe(1);
    expect(document.skipped).toBe(2);
    expect(document.timeline).toHaveLength(text.length);
    expect(err).toContain('line 6: not an OCSF event (no class_uid)');
  });
});

// Real recordings not in the repository (converted from .evtx with @ts-evtx/core, one JSON record
// per line): the 8,255 records of sbousseaden/EVTX-ATTACK-SAMPLES, and 15,514 of
// Yamato-Security/hayabusa-sample-evtx's EVTX-to-MITRE-Attack, DeepBlueCLI and YamatoSecurity
// folders, an independent source. Each test skips when its file is absent.
const recordings = [
  { file: '/tmp/evtx/evtx-attack.jsonl', processes: 500 },
  { file: '/tmp/evtx/evtx-mitre.jsonl', processes: 20 },
];

for (const { file: bigFile, processes } of recordings) {
  describe.skipIf(!existsSync(bigFile))(`openmdr investigate over ${bigFile}`, () => {
    it('holds the invariants over every record', async () => {
      const big = readFileSync(bigFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      const { code, document } = await runInvestigate([
        'investigate',
        '--events',
        bigFile,
        '--input',
        'winlog',
        '--quiet',
      ]);
      // Every line is JSON; records the normaliser rejects are kept from their raw fields.
      expect(code).toBe(0);
      expect(expectWindowsInvariants(document, big)).toBeGreaterThan(processes);
    });
  });
  if (!existsSync(bigFile)) console.warn(`skipped: ${bigFile} is absent (a public EVTX recording)`);
}
