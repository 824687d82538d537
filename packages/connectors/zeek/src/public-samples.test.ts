import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NormalizationError } from '@openmdr/connector-kit';
import { type OpenMdrError, validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { isZeekLog, normalizeZeek, type ZeekLog } from './index.js';

/**
 * Zeek logs published by other projects (see `__fixtures__/public/README.md`), read as the
 * connector's file tail reads them: one line at a time, with the file's `#` header for TSV.
 */
const root = fileURLToPath(new URL('./__fixtures__/public/', import.meta.url));

/** The OCSF class each log is mapped to (README, "OCSF mapping"). */
const EXPECTED_CLASS: Readonly<Record<ZeekLog, number>> = {
  conn: 4001,
  dns: 4003,
  http: 4002,
  ssl: 4001,
  x509: 4001,
  files: 4010,
  notice: 2004,
  weird: 2004,
  ssh: 4007,
  smtp: 4009,
  ftp: 4008,
  rdp: 4005,
  dhcp: 4004,
  kerberos: 3002,
  ntlm: 3002,
  smb_files: 4006,
  smb_mapping: 4006,
  dce_rpc: 4001,
};

/**
 * Logs some of whose real records lack what their OCSF class requires — an SMTP session that
 * turned to STARTTLS shows no envelope (OCSF `email` needs `from` or `to`), an NTLM exchange may
 * name no user (Authentication needs `user`). Those records are Network Activity (4001) with the
 * application protocol instead.
 */
const FALLBACK: Partial<Readonly<Record<ZeekLog, string>>> = { smtp: 'smtp', ntlm: 'ntlm' };

interface SampleLine {
  readonly file: string;
  readonly line: { text: string; header: readonly string[]; path: string };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path);
      return name.endsWith('.md') ? [] : [path];
    });
}

/** The log a sample file holds: `conn.log`, `dns.json`, `test-conn.log` (elastic's naming). */
function logOfFile(path: string): ZeekLog {
  const stem = basename(path)
    .replace(/^test-/, '')
    .split('.')[0]
    ?.replaceAll('-', '_');
  if (!isZeekLog(stem)) throw new Error(`no Zeek log in the sample name ${path}`);
  return stem;
}

/**
 * A Splunk search export (`{"preview":…,"result":{"_raw":"<zeek json>"}}`), as elastic's test
 * logs hold next to the bare records: the Zeek record is its `_raw`.
 */
function unwrapSplunkExport(text: string): string {
  if (!text.startsWith('{"preview"')) return text;
  const raw = (JSON.parse(text) as { result?: { _raw?: unknown } }).result?._raw;
  return typeof raw === 'string' ? raw : text;
}

function samples(): Map<ZeekLog, SampleLine[]> {
  const byLog = new Map<ZeekLog, SampleLine[]>();
  for (const path of filesUnder(root)) {
    const lines = readFileSync(path, 'utf8').split('\n');
    const header = lines.some((line) => line.startsWith('#fields'))
      ? lines.filter((line) => line.startsWith('#') && !line.startsWith('#close'))
      : [];
    const log = logOfFile(path);
    const file = relative(root, path);
    const list = byLog.get(log) ?? [];
    for (const text of lines) {
      if (text.trim() === '' || text.startsWith('#')) continue;
      list.push({ file, line: { text: unwrapSplunkExport(text), header, path } });
    }
    byLog.set(log, list);
  }
  return byLog;
}

const byLog = samples();

describe('public Zeek samples → OCSF', () => {
  it('has samples from at least two independent sources', () => {
    const sources = new Set(
      [...byLog.values()].flatMap((lines) => lines.map(({ file }) => file.split(/[\\/]/)[0])),
    );
    expect(sources.size).toBeGreaterThanOrEqual(2);
  });

  for (const [log, lines] of byLog) {
    it(`${log}: ≥ 90% of ${lines.length} records normalise, all strictly valid OCSF of class ${EXPECTED_CLASS[log]}`, () => {
      let normalised = 0;
      let inClass = 0;
      for (const { file, line } of lines) {
        let event: Record<string, unknown>;
        try {
          event = normalizeZeek(line, log);
        } catch (error) {
          expect(error, `${file}: ${String(error)}`).toBeInstanceOf(NormalizationError);
          expect(
            (error as OpenMdrError).details?.['path'],
            `${file}: ${String(error)}`,
          ).toBeTruthy();
          continue;
        }
        normalised += 1;
        if (event['class_uid'] === EXPECTED_CLASS[log]) inClass += 1;
        else {
          expect(FALLBACK[log], `${file}: class ${String(event['class_uid'])}`).toBeDefined();
          expect(event['class_uid'], file).toBe(4001);
          expect(event['app_protocol_name'], file).toBe(FALLBACK[log]);
        }
        expect(
          validateOcsfEvent(event, { mode: 'strict' }).errors,
          `${file}: ${line.text}`,
        ).toEqual([]);
      }
      expect(
        normalised / lines.length,
        `${log}: ${normalised}/${lines.length}`,
      ).toBeGreaterThanOrEqual(0.9);
      expect(inClass, `${log}: none in class ${EXPECTED_CLASS[log]}`).toBeGreaterThan(0);
    });
  }
});
