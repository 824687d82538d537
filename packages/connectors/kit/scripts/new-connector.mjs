// Scaffolds a vendor connector folder: `pnpm new:connector <id>` (in packages/connectors or at the
// repository root). Writes src/<id>/ with the manifest, config, client, normaliser, actions,
// fixtures, a conformance test and a docs page, and registers the `./<id>` subpath export and
// tsup entry. Options: `--dir <folder>` writes somewhere else (the package files are then left
// alone), `--kit <path>` is the kit's src folder the generated imports point at (default: the
// package's src).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KIT_FOLDERS } from './check-connectors.mjs';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const pascal = (id) =>
  id
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
const camel = (id) => {
  const name = pascal(id);
  return name[0].toLowerCase() + name.slice(1);
};
const snake = (id) => id.replaceAll('-', '_');

/** The files of a new connector, by name. */
export function connectorTemplates(id, kitImport, testingImport) {
  const Name = pascal(id);
  const name = camel(id);
  const secretName = `${snake(id)}_api_token`;
  return {
    'index.ts': `/**
 * The ${Name} connector.
 *
 * @packageDocumentation
 */
export { ${name}Actions } from './${id}-actions.js';
export { create${Name}Client, ${name}Regions } from './${id}-client.js';
export { type ${Name}Config, ${name}ConfigSchema } from './${id}-config.js';
export { ${name}Connector } from './${id}-connector.js';
export { normalize${Name}Alert } from './${id}-normalize.js';
`,
    [`${id}-config.ts`]: `import { secret } from '${kitImport}';
import * as z from 'zod';

/** Per-tenant configuration of the ${Name} connector. */
export const ${name}ConfigSchema = z.object({
  /** Vendor region (see \`${name}Regions\`); ignored when \`baseUrl\` is set. */
  region: z.enum(['us', 'eu', 'us-gov']).default('us'),
  /** API base URL, for private deployments and tests. */
  baseUrl: z.url().optional(),
  /** Alerts per page. */
  pageSize: z.int().min(1).max(1_000).default(100),
  /** API token, read from the tenant's secret provider as \`${secretName}\`. */
  apiToken: secret({ name: '${secretName}' }),
});

/** The validated configuration. */
export type ${Name}Config = z.output<typeof ${name}ConfigSchema>;
`,
    [`${id}-client.ts`]: `import { type ConnectorContext, type HttpClient, staticToken } from '${kitImport}';
import type { ${Name}Config } from './${id}-config.js';

/** API base URLs per region, government cloud included. TODO: the vendor's real hosts. */
export const ${name}Regions = {
  us: { baseUrl: 'https://api.${id}.example' },
  eu: { baseUrl: 'https://api.eu.${id}.example' },
  'us-gov': { baseUrl: 'https://api.gov.${id}.example', government: true },
} as const;

/** The ${Name} API client: the kit's HTTP client with the vendor's auth header style. */
export function create${Name}Client(config: ${Name}Config, context: ConnectorContext): HttpClient {
  return context.createHttpClient({
    baseUrl: config.baseUrl ?? ${name}Regions[config.region].baseUrl,
    auth: staticToken({ token: config.apiToken, style: 'bearer' }),
  });
}
`,
    [`${id}-normalize.ts`]: `import type { NormalizedEvent } from '${kitImport}';
import { OpenMdrError } from '@openmdr/core';

/** A ${Name} alert as the API returns it. TODO: the vendor's fields. */
export interface ${Name}Alert {
  id: string;
  updated_at: string;
  title: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  hostname?: string;
}

const SEVERITY = { low: 2, medium: 3, high: 4, critical: 5 } as const;

/** Maps a ${Name} alert to an OCSF 1.8.0 Detection Finding (class 2004). */
export function normalize${Name}Alert(raw: unknown): NormalizedEvent {
  const alert = raw as Partial<${Name}Alert>;
  const time = Date.parse(String(alert.updated_at));
  if (typeof alert.id !== 'string' || Number.isNaN(time) || typeof alert.title !== 'string') {
    throw new OpenMdrError('CONNECTOR_NORMALIZE', '${id} alert lacks id, updated_at or title', {
      details: { id: alert.id },
    });
  }
  return {
    class_uid: 2004,
    category_uid: 2,
    activity_id: 1,
    type_uid: 200401,
    severity_id: alert.severity ? SEVERITY[alert.severity] : 0,
    time,
    metadata: { version: '1.8.0', product: { name: '${Name}', vendor_name: '${Name}' }, uid: alert.id },
    finding_info: { uid: alert.id, title: alert.title },
    ...(alert.hostname ? { device: { hostname: alert.hostname, type_id: 0 } } : {}),
  };
}
`,
    [`${id}-actions.ts`]: `import type { ActionDefinition, HttpClient } from '${kitImport}';
import * as z from 'zod';
import type { ${Name}Config } from './${id}-config.js';

/** Input of \`isolate_host\`. */
export const isolateHostInput = z.object({ hostId: z.string().min(1), comment: z.string().default('') });
/** Output of \`isolate_host\` once the vendor completed it. */
export const isolateHostOutput = z.object({ actionId: z.string(), status: z.literal('completed') });

/** The connector's actions. \`isolate_host\` completes asynchronously and is polled. */
export const ${name}Actions: Record<string, ActionDefinition<${Name}Config, HttpClient>> = {
  isolate_host: {
    run: async (input, { client }) => {
      const { hostId, comment } = input as z.output<typeof isolateHostInput>;
      const response = await client.request<{ actionId: string }>({
        method: 'POST',
        path: \`/api/v1/hosts/\${encodeURIComponent(hostId)}/isolate\`,
        json: { comment },
      });
      return { status: 'pending', handle: response.data.actionId };
    },
    poll: async (handle, { client }) => {
      const response = await client.request<{ status: string }>({ path: \`/api/v1/actions/\${encodeURIComponent(handle)}\` });
      if (response.data.status === 'completed') return { status: 'completed', output: { actionId: handle, status: 'completed' } };
      if (response.data.status === 'failed') return { status: 'failed', reason: 'the vendor reported failure' };
      return { status: 'pending', handle };
    },
  },
};
`,
    [`${id}-connector.ts`]: `import { defineConnector, type IncrementalState, incrementalRead, paginate } from '${kitImport}';
import { ${name}Actions, isolateHostInput, isolateHostOutput } from './${id}-actions.js';
import { create${Name}Client, ${name}Regions } from './${id}-client.js';
import { ${name}ConfigSchema } from './${id}-config.js';
import { normalize${Name}Alert } from './${id}-normalize.js';

/** The ${Name} connector. TODO: fill in the manifest from the vendor's API documentation. */
export const ${name}Connector = defineConnector({
  manifest: {
    id: '${id}',
    vendor: '${Name}',
    product: '${Name}',
    category: 'edr',
    version: '0.1.0',
    auth: ['static-token'],
    regions: ${name}Regions,
    streams: {
      alerts: {
        description: 'Alerts, oldest update first',
        cursor: 'next-token',
        sortField: 'updated_at',
        dedupKey: 'id',
        stateVersion: 2,
        ocsfClasses: ['detection_finding'],
        requiredPermissions: ['alerts:read'],
      },
    },
    actions: {
      isolate_host: {
        description: 'Isolate a host from the network',
        input: isolateHostInput,
        output: isolateHostOutput,
        asynchronous: true,
        requiredPermissions: ['hosts:isolate'],
      },
    },
    rateLimit: { requests: 100, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/${id}',
  },
  config: ${name}ConfigSchema,
  createClient: create${Name}Client,
  check: async ({ client }) => {
    await client.request({ path: '/api/v1/me' });
  },
  streams: {
    alerts: {
      read: async function* ({ client, config }, state) {
        const now = client.serverNow();
        yield* incrementalRead<{ id: string; updated_at: string }>({
          state: state as IncrementalState | undefined,
          startAt: now - 24 * 3_600_000,
          lookbackMs: 5 * 60_000,
          idOf: (alert) => alert.id,
          timeOf: (alert) => Date.parse(alert.updated_at),
          pages: (since) =>
            paginate(client, {
              style: 'next-token',
              request: { path: '/api/v1/alerts', query: { since: new Date(since).toISOString(), limit: config.pageSize } },
              recordsPath: 'data',
              tokenPath: 'meta.next',
              tokenParameter: 'after',
            }),
        });
      },
      normalize: normalize${Name}Alert,
    },
  },
  actions: ${name}Actions,
});
`,
    [`__fixtures__/${id}-alerts.json`]: `${JSON.stringify(
      {
        $comment: `Scrubbed ${Name} alerts. offsetSeconds is relative to the vendor clock when the simulator starts.`,
        records: [
          {
            id: 'alert-1',
            offsetSeconds: -3000,
            title: 'Credential dumping',
            severity: 'high',
            hostname: 'host-1',
          },
          {
            id: 'alert-2',
            offsetSeconds: -2400,
            title: 'Suspicious PowerShell',
            severity: 'medium',
            hostname: 'host-2',
          },
          {
            id: 'alert-3',
            offsetSeconds: -1800,
            title: 'Ransomware behaviour',
            severity: 'critical',
            hostname: 'host-1',
          },
          {
            id: 'alert-4',
            offsetSeconds: -1200,
            title: 'Persistence via Run key',
            severity: 'low',
          },
          {
            id: 'alert-5',
            offsetSeconds: -600,
            title: 'Lateral movement via SMB',
            severity: 'high',
            hostname: 'host-3',
          },
        ],
      },
      null,
      2,
    )}\n`,
    [`${id}.conformance.test.ts`]: `import { readFileSync } from 'node:fs';
import { describeConnectorConformance } from '${testingImport}';
import { ${name}Connector } from './index.js';

const fixtures = JSON.parse(readFileSync(new URL('./__fixtures__/${id}-alerts.json', import.meta.url), 'utf8')) as {
  records: Array<{ id: string; offsetSeconds: number; title: string; severity: string; hostname?: string }>;
};
const TOKEN = 'conformance-${id}-token-0123456789';
const polls = new Map<string, number>();

describeConnectorConformance({
  name: '${id}',
  create: () => ${name}Connector,
  simulator: ({ clockOffsetMs }) => ({
    auth: { type: 'header', header: 'authorization', value: \`Bearer \${TOKEN}\` },
    datasets: [
      {
        path: '/api/v1/alerts',
        cursor: 'next-token',
        idField: 'id',
        timeField: 'updated_at',
        pageSize: 2,
        records: fixtures.records.map(({ offsetSeconds, ...alert }) => ({
          ...alert,
          updated_at: new Date(Date.now() + clockOffsetMs + offsetSeconds * 1000).toISOString(),
        })),
      },
    ],
    routes: [
      { method: 'GET', path: '/api/v1/me', handle: () => ({ body: { id: 'svc' } }) },
      {
        method: 'POST',
        path: '/api/v1/hosts/:id/isolate',
        handle: (request) => {
          const actionId = \`act-\${request.params['id']}\`;
          polls.set(actionId, 0);
          return { status: 202, body: { actionId } };
        },
      },
      {
        method: 'GET',
        path: '/api/v1/actions/:id',
        handle: (request) => {
          const count = (polls.get(request.params['id'] ?? '') ?? 0) + 1;
          polls.set(request.params['id'] ?? '', count);
          return { body: { status: count >= 2 ? 'completed' : 'running' } };
        },
      },
    ],
  }),
  config: (simulator) => ({ baseUrl: simulator.url, pageSize: 2 }),
  secrets: { ${secretName}: TOKEN },
  badConfigs: (simulator) => [
    { name: 'unknown region', config: { region: 'mars' }, code: 'CONNECTOR_CONFIG' },
    { name: 'token missing', config: { baseUrl: simulator.url }, secrets: {}, code: 'CONNECTOR_CONFIG' },
    { name: 'wrong token', config: { baseUrl: simulator.url }, secrets: { ${secretName}: 'wrong-token-zzzzzzzz' }, code: 'CONNECTOR_AUTH' },
  ],
  stream: 'alerts',
  dataset: {
    path: '/api/v1/alerts',
    idField: 'id',
    timeField: 'updated_at',
    lookbackMs: 5 * 60_000,
    record: (id, time) => ({ id, updated_at: new Date(time).toISOString(), title: \`Alert \${id}\`, severity: 'high' }),
  },
  actions: [
    {
      name: 'isolate_host',
      input: { hostId: 'host-9', comment: 'contained' },
      expectedRequest: { method: 'POST', path: '/api/v1/hosts/host-9/isolate', body: { comment: 'contained' } },
    },
  ],
  capabilities: { tokenRefresh: false },
});
`,
    'README.md': `# ${Name} connector

\`@openmdr/connectors/${id}\` reads ${Name} alerts incrementally, normalises them to OCSF 1.8.0
Detection Findings, and isolates hosts.

## Setup

| config key | meaning |
|---|---|
| \`region\` | \`us\`, \`eu\` or \`us-gov\` (see the regions table) |
| \`baseUrl\` | overrides the region's URL |
| \`apiToken\` | secret \`${secretName}\` in the tenant's secret provider |

Required vendor permissions: \`alerts:read\`, \`hosts:isolate\`.

## Streams

| stream | cursor | sort field | dedup key | OCSF class |
|---|---|---|---|---|
| \`alerts\` | next token, 5-minute look-back | \`updated_at\` | \`id\` | Detection Finding |

## Actions

| action | asynchronous | input |
|---|---|---|
| \`isolate_host\` | yes (polled) | \`{ hostId, comment }\` |

## Limits

100 requests per second per tenant and host (shared across processes with a Redis store).
`,
  };
}

function addExport(pkgPath, id) {
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const exports = {};
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (key === './package.json') {
      exports[`./${id}`] = {
        '@openmdr/source': `./src/${id}/index.ts`,
        types: `./dist/${id}/index.d.ts`,
        default: `./dist/${id}/index.js`,
      };
    }
    exports[key] = value;
  }
  pkg.exports = exports;
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
}

function addEntry(tsupPath, id) {
  const text = readFileSync(tsupPath, 'utf8');
  writeFileSync(
    tsupPath,
    text.replace(/entry: \[([^\]]*)\]/, (_match, list) => `entry: [${list}, 'src/${id}/index.ts']`),
  );
}

/** Writes the connector folder; returns the files written. */
export function scaffoldConnector(id, options = {}) {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id)) {
    throw new Error(`connector id must be kebab-case (acme-edr), got ${JSON.stringify(id)}`);
  }
  if (KIT_FOLDERS.has(id)) throw new Error(`${id} is a folder of the kit`);
  const baseDir = resolve(options.dir ?? join(packageRoot, 'src'));
  const target = join(baseDir, id);
  if (existsSync(target)) throw new Error(`${target} already exists`);
  const kitDir = resolve(options.kit ?? join(packageRoot, 'src'));
  let kitPath = relative(target, kitDir).replaceAll('\\', '/');
  if (!kitPath.startsWith('.')) kitPath = `./${kitPath}`;
  const files = connectorTemplates(id, `${kitPath}/index.js`, `${kitPath}/testing/index.js`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(target, name)), { recursive: true });
    writeFileSync(join(target, name), content);
  }
  if (!options.dir) {
    addExport(join(packageRoot, 'package.json'), id);
    addEntry(join(packageRoot, 'tsup.config.ts'), id);
  }
  return Object.keys(files).map((name) => join(target, name));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const id = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
  const option = (name) => {
    const index = args.indexOf(`--${name}`);
    return index === -1 ? undefined : args[index + 1];
  };
  if (!id) {
    console.error('usage: pnpm new:connector <id> [--dir <folder>] [--kit <kit src folder>]');
    process.exit(2);
  }
  try {
    const files = scaffoldConnector(id, { dir: option('dir'), kit: option('kit') });
    console.log(`created ${files.length} files:\n${files.map((file) => `  ${file}`).join('\n')}`);
    console.log(
      `\nnext: fill in the TODOs, record fixtures, then\n  pnpm vitest run packages/connectors/src/${id}\n  pnpm --filter @openmdr/connectors typecheck\n  add .changeset/${id}-connector.md (see docs/connectors/authoring.md)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
