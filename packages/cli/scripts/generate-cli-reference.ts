/**
 * Writes docs/reference/cli.md, the CLI reference, from the command declarations
 * (`pnpm --filter @openmdr/cli generate`; CI fails when the committed page differs).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCommands } from '../src/commands/index.js';
import { cliReference } from '../src/reference.js';

const target = fileURLToPath(new URL('../../../docs/reference/cli.md', import.meta.url));
writeFileSync(target, cliReference(await loadCommands()));
process.stdout.write(`wrote ${target}\n`);
