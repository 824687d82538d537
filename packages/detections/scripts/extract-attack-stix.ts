/**
 * Extracts a trimmed STIX 2.1 bundle of MITRE ATT&CK Enterprise from a git mirror of MITRE's
 * `mitre/cti` repository (one STIX object per file under `enterprise-attack/<type>/`) into
 * `data/attack/enterprise-attack.trimmed.json.gz`, which `scripts/generate-attack.ts` reads.
 *
 * Kept: tactics, the matrix (tactic order), techniques and sub-techniques, data components and
 * (deprecated) data sources, detection strategies and analytics (only the links that tie data
 * components to techniques), groups, software (malware and tool), and the `uses`,
 * `subtechnique-of`, `revoked-by` and `detects` relationships between kept objects; the
 * marking definition and identity (MITRE's copyright statement); and one synthesized
 * `x-mitre-collection` naming the ATT&CK version, the source repository and commit.
 * Dropped: descriptions, citations other than the ATT&CK id, and everything else.
 *
 * Run by hand when ATT&CK is updated (not by `pnpm generate`):
 *   tsx scripts/extract-attack-stix.ts <mirror git dir> [--ref HEAD] [--attack-version 18.1]
 * The ATT&CK version defaults to the one in the commit subject (`ATT&CK v18.1 Enterprise`).
 * Output is deterministic: objects sorted by type and id, one per line, gzip without a timestamp.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

type StixObject = Record<string, unknown> & { type: string; id: string };

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageDirectory, 'data', 'attack', 'enterprise-attack.trimmed.json.gz');
const SOURCE_REPOSITORY = 'https://github.com/mitre/cti';
/** The STIX id MITRE gives the Enterprise ATT&CK collection in every release. */
const ENTERPRISE_COLLECTION_ID = 'x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019';

const TYPES = [
  'attack-pattern',
  'identity',
  'intrusion-set',
  'malware',
  'marking-definition',
  'relationship',
  'tool',
  'x-mitre-analytic',
  'x-mitre-data-component',
  'x-mitre-data-source',
  'x-mitre-detection-strategy',
  'x-mitre-matrix',
  'x-mitre-tactic',
];
const RELATIONSHIPS = new Set(['uses', 'subtechnique-of', 'revoked-by', 'detects']);
const COMMON = ['type', 'id', 'created', 'modified', 'revoked', 'x_mitre_deprecated'];
const KEEP: Record<string, readonly string[]> = {
  'attack-pattern': [
    'name',
    'kill_chain_phases',
    'x_mitre_is_subtechnique',
    'x_mitre_version',
    'x_mitre_attack_spec_version',
  ],
  identity: ['name', 'identity_class'],
  'intrusion-set': ['name', 'aliases', 'x_mitre_version'],
  malware: ['name', 'is_family', 'x_mitre_aliases', 'x_mitre_version'],
  'marking-definition': ['definition_type', 'definition', 'name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  tool: ['name', 'x_mitre_aliases', 'x_mitre_version'],
  'x-mitre-analytic': [],
  'x-mitre-data-component': ['name', 'x_mitre_version'],
  'x-mitre-data-source': ['name', 'x_mitre_version'],
  'x-mitre-detection-strategy': ['name', 'x_mitre_analytic_refs', 'x_mitre_version'],
  'x-mitre-matrix': ['name', 'tactic_refs', 'x_mitre_version'],
  'x-mitre-tactic': ['name', 'x_mitre_shortname', 'x_mitre_version', 'x_mitre_attack_spec_version'],
};

function usage(message: string): never {
  console.error(`extract-attack-stix: ${message}`);
  console.error(
    'usage: tsx scripts/extract-attack-stix.ts <mirror git dir> [--ref HEAD] [--attack-version 18.1]',
  );
  process.exit(1);
}

const args = process.argv.slice(2);
const mirror = args[0];
if (mirror === undefined || mirror.startsWith('--')) usage('the mirror git directory is required');
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const ref = option('--ref') ?? 'HEAD';
const git = (gitArgs: string[], input?: string): string =>
  execFileSync('git', ['-C', mirror, ...gitArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...(input === undefined ? {} : { input }),
  });

const commit = git(['rev-parse', `${ref}^{commit}`]).trim();
const subject = git(['log', '-1', '--format=%s', commit]).trim();
const committed = new Date(git(['log', '-1', '--format=%cI', commit]).trim()).toISOString();
const attackVersion = option('--attack-version') ?? /ATT&CK v(\d+(?:\.\d+)?)/.exec(subject)?.[1];
if (attackVersion === undefined)
  usage(`no ATT&CK version in the commit subject "${subject}": pass --attack-version`);

/** Every STIX object of the kept types at the commit, read in one `git cat-file --batch`. */
function readObjects(): StixObject[] {
  const blobs = TYPES.flatMap((type) =>
    git(['ls-tree', commit, `enterprise-attack/${type}/`])
      .split('\n')
      .filter((line) => line.endsWith('.json'))
      .map((line) => line.split(/\s+/)[2] as string),
  );
  const output = Buffer.from(
    execFileSync('git', ['-C', mirror as string, 'cat-file', '--batch'], {
      input: `${blobs.join('\n')}\n`,
      maxBuffer: 1 << 30,
    }),
  );
  const objects: StixObject[] = [];
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(10, offset);
    const header = output.subarray(offset, newline).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size))
      throw new Error(`unexpected git cat-file header "${header.join(' ')}"`);
    const text = output.subarray(newline + 1, newline + 1 + size).toString('utf8');
    offset = newline + 1 + size + 1;
    const bundle = JSON.parse(text) as { objects?: StixObject[] };
    objects.push(...(bundle.objects ?? []));
  }
  return objects;
}

/** The object with only the kept properties, STIX 2.1, and only its ATT&CK reference. */
function trim(object: StixObject): StixObject {
  const trimmed: Record<string, unknown> = { spec_version: '2.1' };
  for (const key of [...COMMON, ...(KEEP[object.type] ?? [])])
    if (object[key] !== undefined && object[key] !== false) trimmed[key] = object[key];
  const references = (object['external_references'] as Record<string, unknown>[] | undefined)
    ?.filter((reference) => reference['source_name'] === 'mitre-attack')
    .map(({ source_name, external_id, url }) => ({ source_name, external_id, url }));
  if (references !== undefined && references.length > 0)
    trimmed['external_references'] = references;
  if (object.type === 'x-mitre-analytic') {
    const components = (
      (object['x_mitre_log_source_references'] as Record<string, unknown>[] | undefined) ?? []
    ).map((reference) => reference['x_mitre_data_component_ref'] as string);
    trimmed['x_mitre_log_source_references'] = [...new Set(components)]
      .sort()
      .map((x_mitre_data_component_ref) => ({ x_mitre_data_component_ref }));
  }
  return trimmed as StixObject;
}

const all = readObjects();
const kept = new Map<string, StixObject>();
for (const object of all) if (object.type !== 'relationship') kept.set(object.id, trim(object));
const software = (id: string) => id.startsWith('malware--') || id.startsWith('tool--');
for (const object of all) {
  if (object.type !== 'relationship') continue;
  const type = object['relationship_type'] as string;
  const source = object['source_ref'] as string;
  const targetRef = object['target_ref'] as string;
  if (!RELATIONSHIPS.has(type) || !kept.has(source) || !kept.has(targetRef)) continue;
  // uses: group or software → technique, group → software; not campaigns or mitigations
  if (
    type === 'uses' &&
    !(
      (source.startsWith('intrusion-set--') || software(source)) &&
      (targetRef.startsWith('attack-pattern--') || software(targetRef))
    )
  )
    continue;
  kept.set(object.id, trim(object));
}
/** The newest ATT&CK spec version any kept object declares. */
const specVersion = [...kept.values()]
  .map((object) => object['x_mitre_attack_spec_version'])
  .filter((version): version is string => typeof version === 'string')
  .sort((left, right) => left.localeCompare(right, 'en', { numeric: true }))
  .at(-1);
const matrix = [...kept.values()].find((object) => object.type === 'x-mitre-matrix');
kept.set(ENTERPRISE_COLLECTION_ID, {
  type: 'x-mitre-collection',
  spec_version: '2.1',
  id: ENTERPRISE_COLLECTION_ID,
  created: matrix?.['created'] ?? committed,
  modified: committed,
  name: 'Enterprise ATT&CK',
  x_mitre_version: attackVersion,
  x_mitre_attack_spec_version: specVersion,
  external_references: [
    {
      source_name: 'mitre/cti',
      url: `${SOURCE_REPOSITORY}/tree/${commit}/enterprise-attack`,
      external_id: commit,
      description: `Trimmed by scripts/extract-attack-stix.ts from commit ${commit} ("${subject}"); descriptions and citations dropped.`,
    },
  ],
} as StixObject);

const objects = [...kept.values()].sort((left, right) =>
  left.type === right.type ? (left.id < right.id ? -1 : 1) : left.type < right.type ? -1 : 1,
);
const lines = objects.map((object) => `  ${JSON.stringify(object)}`);
const text = `{"type":"bundle","id":"bundle--00000000-0000-4000-8000-${commit.slice(0, 12)}","objects":[\n${lines.join(',\n')}\n]}\n`;
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, gzipSync(text, { level: 9 }));
const counts = new Map<string, number>();
for (const object of objects) counts.set(object.type, (counts.get(object.type) ?? 0) + 1);
console.log(
  `extract-attack-stix: ATT&CK ${attackVersion} from ${commit.slice(0, 12)}: ${objects.length} objects (${[
    ...counts,
  ]
    .map(([type, count]) => `${type} ${count}`)
    .join(
      ', ',
    )}); ${text.length} bytes, ${gzipSync(text, { level: 9 }).length} gzipped → ${target}`,
);
