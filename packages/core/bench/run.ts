/**
 * Runs every benchmark of this package (`bench/*.bench.ts`), each in its own process so that
 * memory figures are not mixed. `pnpm bench [filter]` runs only files whose name contains filter.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const directory = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(directory)
  .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${JSON.stringify(filter)}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}\n`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=@openmdr/source', '--import', 'tsx', join(directory, file)],
    { stdio: 'inherit', cwd: join(directory, '..') },
  );
  if (result.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
