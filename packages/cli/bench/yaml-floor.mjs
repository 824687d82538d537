/**
 * The rule-loading floor of the CLI benchmark: what plain node needs to read every `.yml` file
 * under a directory and parse it with the `yaml` package (the parser @openmdr/detections uses),
 * nothing else. Run as a child process (`node yaml-floor.mjs DIR`) so that its start-up is
 * comparable with the CLI's; prints `{"files":N,"documents":D,"ms":T}` on standard error, T being
 * the time from the script's first line to the end (start-up excluded).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const started = performance.now();
const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: node yaml-floor.mjs DIR\n');
  process.exit(2);
}
// `yaml` is a dependency of @openmdr/detections, resolved from there.
const require = createRequire(new URL('../../detections/package.json', import.meta.url));
const { parseAllDocuments } = require('yaml');
const files = [];
const walk = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.yml') || entry.name.endsWith('.yaml')) files.push(path);
  }
};
walk(dir);
let documents = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    document.toJS();
    documents++;
  }
}
process.stderr.write(
  `${JSON.stringify({ files: files.length, documents, ms: performance.now() - started })}\n`,
);
