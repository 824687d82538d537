/**
 * Reports the share of Windows records the normaliser keeps as OCSF Base Event (class 0), and
 * checks every output is strictly valid OCSF 1.8.0.
 *
 * Run: `pnpm --filter @openmdr/connector-windows class-share [path …]` — files or folders of
 * `.json`/`.jsonl`/`.jsonl.gz` recordings (Event Log export, Winlogbeat or NXLog shape); the
 * committed `fixtures/recordings` when none is given. Exits 1 when a record fails or is invalid.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureRecordings, recordingFiles } from './class-share.lib.js';

const here = dirname(fileURLToPath(import.meta.url));
const paths = process.argv.slice(2);
const files = (paths.length > 0 ? paths : [join(here, '..', 'fixtures', 'recordings')]).flatMap(
  (path) => recordingFiles(path),
);
const top = Number(process.env.TOP ?? 20);
const result = measureRecordings(files);
const percent = (result.share * 100).toFixed(1);
console.log(
  `${files.length} files, ${result.total} records: ${result.baseEvents} Base Event (${percent}%), ${result.failed} rejected, ${result.invalid} not strictly valid`,
);
console.log('classes:', JSON.stringify(result.classes));
for (const [id, count] of result.baseEventIds.slice(0, top)) console.log(`${count}\t${id}`);
for (const [message, count] of result.errors.slice(0, top)) console.log(`${count}\t${message}`);
process.exitCode = result.failed > 0 || result.invalid > 0 ? 1 : 0;
