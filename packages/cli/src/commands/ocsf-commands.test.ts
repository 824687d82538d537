import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ocsf } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function io(input = '') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdin: Readable.from([input]),
      stdout: { write: (chunk: string) => out.push(chunk) },
      stderr: { write: (chunk: string) => err.push(chunk) },
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

const valid = ocsf.detectionFinding({
  activity_id: 1,
  severity_id: 4,
  finding_info: { uid: 'f-1', title: 'Test finding' },
  metadata: { product: { name: 'OpenMDR', vendor_name: 'OpenMDR' } },
  time: 1767225600000,
});

describe('openmdr ocsf validate', () => {
  it('writes one result per line and exits 1 when a line failed (stdin)', async () => {
    const lines = [
      JSON.stringify(valid),
      '',
      '{"class_uid": 2004, "activity_id": 1',
      JSON.stringify({ ...valid, severity_id: 42 }),
    ].join('\n');
    const captured = io(lines);
    const code = await main(['ocsf', 'validate', '-'], captured.io);
    expect(code).toBe(1);
    const results = captured
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      line: 1,
      ok: true,
      class_uid: 2004,
      type_uid: 200401,
      errors: [],
      warnings: [],
    });
    expect(results[1]).toMatchObject({
      line: 3,
      ok: false,
      class_uid: null,
      errors: [{ path: '', rule: 'invalid_json' }],
    });
    expect(results[1].errors[0].message).toContain('line 3');
    expect(results[2]).toMatchObject({
      line: 4,
      ok: false,
      errors: [{ path: 'severity_id', rule: 'enum_value_unknown' }],
    });
  });

  it('reads a file, exits 0 when every line is valid, and supports --lenient', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'openmdr-ocsf-'));
    const file = join(directory, 'events.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...valid, vendor_field: 1 })}\n`);
    const strict = io();
    expect(await main(['ocsf', 'validate', file], strict.io)).toBe(1);
    expect(JSON.parse(strict.stdout()).errors[0]).toMatchObject({ rule: 'unknown_attribute' });
    const lenient = io();
    expect(await main(['ocsf', 'validate', '--lenient', file], lenient.io)).toBe(0);
    expect(JSON.parse(lenient.stdout()).warnings[0]).toMatchObject({
      path: 'vendor_field',
      rule: 'moved_to_unmapped',
    });
  });

  it('--lenient accepts what other producers get wrong, with each repair at its path, and sums up', async () => {
    const repaired = {
      ...valid,
      cloud: { provider: 'AWS', region: { name: 'eu-west-1' } },
      metadata: { ...valid.metadata, profiles: ['cloud'] },
      severity_id: '4',
      finding_info: { title: 'No uid' }, // uid is required
    };
    const lines = [JSON.stringify(repaired), '[1, 2]'].join('\n');
    const strict = io(lines);
    expect(await main(['ocsf', 'validate'], strict.io)).toBe(1);
    expect(strict.stderr()).toContain('2 events: 0 accepted, 2 rejected');
    const lenient = io(lines);
    expect(await main(['ocsf', 'validate', '--lenient'], lenient.io)).toBe(1);
    const [first, second] = lenient
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(first).toMatchObject({ line: 1, ok: true, errors: [] });
    expect(first.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'cloud.region', rule: 'moved_to_unmapped' }),
        expect.objectContaining({ path: 'severity_id', rule: 'coerced' }),
        expect.objectContaining({ path: 'finding_info.uid', rule: 'required_missing' }),
      ]),
    );
    expect(second).toMatchObject({
      line: 2,
      ok: false,
      errors: [{ path: '', rule: 'type_mismatch' }],
    });
    expect(lenient.stderr()).toContain(
      '2 events: 1 accepted, 1 rejected; 1 attributes coerced, 1 moved to unmapped',
    );
  });

  it('reports a missing file and bad options', async () => {
    const missing = io();
    expect(await main(['ocsf', 'validate', '/nonexistent/events.jsonl'], missing.io)).toBe(2);
    expect(missing.stderr()).toContain('cannot read');
    const bad = io();
    expect(await main(['ocsf', 'validate', '--nope'], bad.io)).toBe(2);
  });
});

describe('openmdr ocsf schema', () => {
  it('prints the JSON Schema of a class by name or uid', async () => {
    const byName = io();
    expect(await main(['ocsf', 'schema', 'process_activity'], byName.io)).toBe(0);
    const schema = JSON.parse(byName.stdout());
    expect(schema.properties.class_uid).toEqual({ const: 1007 });
    const byUid = io();
    expect(await main(['ocsf', 'schema', '1007'], byUid.io)).toBe(0);
    expect(JSON.parse(byUid.stdout())).toEqual(schema);
  });

  it('exits 2 for an unknown class', async () => {
    const captured = io();
    expect(await main(['ocsf', 'schema', 'no_such_class'], captured.io)).toBe(2);
    expect(captured.stderr()).toContain("unknown OCSF class 'no_such_class'");
  });
});
