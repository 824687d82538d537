/**
 * The throughput floor of the CLI benchmark: what plain node needs, on one thread, to read a
 * JSON-lines file as one stream, `JSON.parse` every line and `JSON.stringify` it back, writing
 * the lines to standard output. Run as a child process (`node parse-floor.mjs FILE`) so that
 * its start-up is comparable with the CLI's; prints `{"events":N,"ms":T}` on standard error,
 * T being the time from the script's first line to the end (start-up excluded).
 */
import { createReadStream } from 'node:fs';

const started = performance.now();
const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node parse-floor.mjs FILE\n');
  process.exit(2);
}
let events = 0;
let rest = '';
const flush = (text) =>
  new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const lines = (rest + chunk).split('\n');
  rest = lines.pop() ?? '';
  let out = '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    out += `${JSON.stringify(JSON.parse(line))}\n`;
    events++;
  }
  await flush(out);
}
if (rest.trim() !== '') {
  await flush(`${JSON.stringify(JSON.parse(rest))}\n`);
  events++;
}
process.stderr.write(`${JSON.stringify({ events, ms: performance.now() - started })}\n`);
