// Checks every vendor connector folder of @openmdr/connectors: required files, the subpath
// export, the tsup entry, a conformance test, and fixtures free of secret-shaped values.
// Imported by the repository's scripts/check-structure.mjs; runnable alone:
//   node packages/connectors/scripts/check-connectors.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders of the kit itself, not connectors. */
export const KIT_FOLDERS = new Set([
  'auth',
  'config',
  'connector',
  'errors',
  'http',
  'pagination',
  'secrets',
  'state',
  'testing',
  'webhook',
]);

const SECRET_SHAPES = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\b(?:Bearer|SSWS|ApiToken)\s+[A-Za-z0-9._~+/=-]{16,}/, 'an Authorization credential'],
  [
    /"(?:client_secret|password|api_key|apiKey|access_token|refresh_token|private_key)"\s*:\s*"(?!\[REDACTED\])[^"]{6,}"/,
    'a secret value',
  ],
];

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** True when a folder defines a connector (it calls `defineConnector` or `createRestConnector`). */
function isConnectorFolder(dir) {
  return listFiles(dir).some(
    (file) =>
      file.endsWith('.ts') &&
      !file.endsWith('.test.ts') &&
      /\b(?:defineConnector|createRestConnector)\(/.test(readFileSync(file, 'utf8')),
  );
}

function either(dir, names) {
  return names.some((name) => existsSync(join(dir, name)));
}

/**
 * Returns one problem string per violation (empty when every connector folder is complete).
 * @param {string} [root] the package folder (default: this package)
 * @returns {Promise<string[]>}
 */
export async function checkConnectors(root = packageRoot) {
  const problems = [];
  const src = join(root, 'src');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const tsup = existsSync(join(root, 'tsup.config.ts'))
    ? readFileSync(join(root, 'tsup.config.ts'), 'utf8')
    : '';
  for (const id of readdirSync(src).sort()) {
    const dir = join(src, id);
    if (!statSync(dir).isDirectory() || KIT_FOLDERS.has(id) || !isConnectorFolder(dir)) continue;
    const at = `connectors/${id}`;
    if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id))
      problems.push(`${at}: folder name must be kebab-case`);
    if (!existsSync(join(dir, 'index.ts'))) problems.push(`${at}: index.ts missing`);
    if (!either(dir, [`${id}-connector.ts`, 'connector.ts']))
      problems.push(`${at}: ${id}-connector.ts missing`);
    if (!either(dir, [`${id}-config.ts`, 'config.ts']))
      problems.push(`${at}: ${id}-config.ts missing`);
    const docsPage = join(root, '..', '..', 'docs', 'connectors', `${id}.md`);
    if (!existsSync(join(dir, 'README.md')) && !existsSync(docsPage)) {
      problems.push(`${at}: docs page missing (src/${id}/README.md or docs/connectors/${id}.md)`);
    }
    const fixtures = join(dir, '__fixtures__');
    if (!existsSync(fixtures) || listFiles(fixtures).length === 0) {
      problems.push(`${at}: __fixtures__/ with recorded, scrubbed vendor samples missing`);
    } else {
      for (const file of listFiles(fixtures).filter((name) =>
        /\.(json|jsonl|ndjson|txt|log)$/.test(name),
      )) {
        const text = readFileSync(file, 'utf8');
        for (const [pattern, what] of SECRET_SHAPES) {
          if (pattern.test(text))
            problems.push(`${at}: ${file.slice(dir.length + 1)} contains ${what}`);
        }
      }
    }
    const files = listFiles(dir);
    const conformance = files.filter((file) => file.endsWith('.conformance.test.ts'));
    if (conformance.length === 0) {
      problems.push(`${at}: ${id}.conformance.test.ts missing`);
    } else if (
      !files.some(
        (file) =>
          file.endsWith('.ts') &&
          readFileSync(file, 'utf8').includes('describeConnectorConformance('),
      )
    ) {
      problems.push(`${at}: the conformance test does not run describeConnectorConformance`);
    }
    const index = existsSync(join(dir, 'index.ts'))
      ? readFileSync(join(dir, 'index.ts'), 'utf8')
      : '';
    if (index && !/^export /m.test(index)) problems.push(`${at}: index.ts exports nothing`);
    const exported = pkg.exports?.[`./${id}`];
    if (!exported || exported['@openmdr/source'] !== `./src/${id}/index.ts`) {
      problems.push(
        `${at}: package.json exports has no "./${id}" entry pointing at ./src/${id}/index.ts`,
      );
    }
    if (!tsup.includes(`'src/${id}/index.ts'`))
      problems.push(`${at}: tsup.config.ts entry lacks src/${id}/index.ts`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = await checkConnectors();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('connectors: ok');
}
