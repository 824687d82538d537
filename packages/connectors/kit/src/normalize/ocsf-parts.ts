import { isEmpty, isRecord, type JsonRecord } from './record-reader.js';

/** An OCSF object under construction (validated by the `@openmdr/core` builders). */
export type OcsfPart = Record<string, unknown>;

/**
 * A copy of an object without `undefined`, `null`, empty strings, empty arrays and empty
 * objects, recursively: builders then see only the attributes a record really has.
 */
export function compact<T extends OcsfPart>(value: T): T {
  const out: OcsfPart = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = cleanValue(item);
    if (!isEmpty(cleaned)) out[key] = cleaned;
  }
  return out as T;
}

function cleanValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanValue).filter((item) => !isEmpty(item));
  if (isRecord(value)) return compact(value);
  return value;
}

/** An object part, or `undefined` when every attribute is empty. */
export function part(value: OcsfPart): OcsfPart | undefined {
  const cleaned = compact(value);
  return Object.keys(cleaned).length > 0 ? cleaned : undefined;
}

/** OCSF fingerprints from the hashes a vendor gives. */
export function fingerprints(hashes: {
  md5?: string | undefined;
  sha1?: string | undefined;
  sha256?: string | undefined;
}): OcsfPart[] | undefined {
  const out: OcsfPart[] = [];
  if (hashes.md5) out.push({ algorithm_id: 1, algorithm: 'MD5', value: hashes.md5.toLowerCase() });
  if (hashes.sha1)
    out.push({ algorithm_id: 2, algorithm: 'SHA-1', value: hashes.sha1.toLowerCase() });
  if (hashes.sha256)
    out.push({ algorithm_id: 3, algorithm: 'SHA-256', value: hashes.sha256.toLowerCase() });
  return out.length > 0 ? out : undefined;
}

/**
 * An OCSF file from a full path (Windows or POSIX separators) and what else is known; the name
 * is the last path segment. `undefined` when neither a name nor a path is known.
 */
export function filePart(file: {
  path?: string | undefined;
  name?: string | undefined;
  md5?: string | undefined;
  sha1?: string | undefined;
  sha256?: string | undefined;
  size?: number | undefined;
  executable?: boolean;
  extra?: OcsfPart;
}): OcsfPart | undefined {
  const name = file.name ?? (file.path ? baseName(file.path) : undefined);
  if (!name) return undefined;
  return compact({
    name,
    path: file.path,
    parent_folder: file.path && file.path !== name ? parentFolder(file.path) : undefined,
    type_id: file.executable === true ? 8 : 1,
    hashes: fingerprints(file),
    size: file.size,
    ...file.extra,
  });
}

/** The last segment of a Windows or POSIX path. */
export function baseName(path: string): string {
  const segments = path.split(/[\\/]/);
  return segments[segments.length - 1] || path;
}

/** The folder of a Windows or POSIX path. */
export function parentFolder(path: string): string | undefined {
  const index = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return index > 0 ? path.slice(0, index) : undefined;
}

const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/i;
const TACTIC = /^TA\d{4}$/i;

/** One ATT&CK tactic/technique pair as the vendor names it. */
export interface AttackInput {
  tacticUid?: string | undefined;
  tacticName?: string | undefined;
  techniqueUid?: string | undefined;
  techniqueName?: string | undefined;
}

/**
 * OCSF `attacks` from ATT&CK pairs: technique ids of the form `T1059.001` become a technique
 * `T1059` with a sub-technique; malformed ids are dropped (the names are kept); duplicates are
 * merged.
 */
export function attacks(inputs: readonly AttackInput[]): OcsfPart[] | undefined {
  const out = new Map<string, OcsfPart>();
  for (const input of inputs) {
    const tacticUid = input.tacticUid && TACTIC.test(input.tacticUid) ? input.tacticUid : undefined;
    const tactic = part({ uid: tacticUid?.toUpperCase(), name: input.tacticName });
    const techniqueUid =
      input.techniqueUid && TECHNIQUE.test(input.techniqueUid)
        ? input.techniqueUid.toUpperCase()
        : undefined;
    let technique: OcsfPart | undefined;
    let subTechnique: OcsfPart | undefined;
    if (techniqueUid?.includes('.')) {
      technique = { uid: techniqueUid.split('.')[0] };
      subTechnique = part({ uid: techniqueUid, name: input.techniqueName });
    } else {
      technique = part({ uid: techniqueUid, name: input.techniqueName });
    }
    if (!tactic && !technique) continue;
    const attack = compact({ tactic, technique, sub_technique: subTechnique });
    out.set(JSON.stringify(attack), attack);
  }
  return out.size > 0 ? [...out.values()] : undefined;
}

/** ATT&CK tactics by the names vendors use (without spaces, any case). */
const TACTICS: Readonly<Record<string, [string, string]>> = {
  reconnaissance: ['TA0043', 'Reconnaissance'],
  resourcedevelopment: ['TA0042', 'Resource Development'],
  initialaccess: ['TA0001', 'Initial Access'],
  execution: ['TA0002', 'Execution'],
  persistence: ['TA0003', 'Persistence'],
  privilegeescalation: ['TA0004', 'Privilege Escalation'],
  defenseevasion: ['TA0005', 'Defense Evasion'],
  credentialaccess: ['TA0006', 'Credential Access'],
  discovery: ['TA0007', 'Discovery'],
  lateralmovement: ['TA0008', 'Lateral Movement'],
  collection: ['TA0009', 'Collection'],
  commandandcontrol: ['TA0011', 'Command and Control'],
  exfiltration: ['TA0010', 'Exfiltration'],
  impact: ['TA0040', 'Impact'],
};

/** The ATT&CK tactic of a category name (`DefenseEvasion`, `Command and Control`), if it is one. */
export function tacticOf(name: string | undefined): AttackInput | undefined {
  if (!name) return undefined;
  const found = TACTICS[name.replace(/[\s_-]/g, '').toLowerCase()];
  return found ? { tacticUid: found[0], tacticName: found[1] } : undefined;
}

/** OCSF `os.type_id` from a platform or OS name (`Windows`, `Mac`, `linux`, `Windows10`). */
export function osTypeId(platform: string | undefined): number {
  const value = (platform ?? '').toLowerCase();
  if (value.startsWith('windows') || value === 'win') return 100;
  if (value.startsWith('mac') || value.startsWith('os x') || value === 'darwin') return 300;
  if (
    value.includes('linux') ||
    value.startsWith('ubuntu') ||
    value.startsWith('rhel') ||
    value.startsWith('centos') ||
    value.startsWith('debian') ||
    value.startsWith('amazon') ||
    value.startsWith('red hat')
  )
    return 200;
  if (value.startsWith('android')) return 201;
  if (value.startsWith('ios')) return 301;
  if (value.startsWith('ipados')) return 302;
  return value ? 99 : 0;
}

/** OCSF `os` from a name and version, or `undefined` when nothing is known. */
export function osPart(os: {
  name?: string | undefined;
  platform?: string | undefined;
  version?: string | undefined;
  build?: string | undefined;
  kernel?: string | undefined;
}): OcsfPart | undefined {
  const name = os.name ?? os.platform;
  if (!name) return undefined;
  return compact({
    name,
    type_id: osTypeId(os.platform ?? os.name),
    version: os.version,
    build: os.build,
    kernel_release: os.kernel,
  });
}

/** Severity captions by OCSF `severity_id`. */
const SEVERITY_IDS: Readonly<Record<string, number>> = {
  unknown: 0,
  unspecified: 0,
  informational: 1,
  info: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** OCSF `severity_id` from a vendor severity name (`High`, `informational`); 99 when unknown. */
export function severityIdOf(name: string | undefined): number {
  if (name === undefined) return 0;
  return SEVERITY_IDS[name.toLowerCase()] ?? 99;
}

/** A record with the given top-level keys left out (for `unmapped`). */
export function omit(record: JsonRecord, keys: ReadonlySet<string>): JsonRecord {
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(record)) if (!keys.has(key)) out[key] = value;
  return out;
}

/** True when an OCSF process can be identified (`pid`, `uid` or `cpid`, as OCSF requires). */
export function hasProcessIdentity(process: OcsfPart | undefined): process is OcsfPart {
  return (
    process !== undefined &&
    (process['pid'] !== undefined || process['uid'] !== undefined || process['cpid'] !== undefined)
  );
}

/**
 * Evidences for a process: the process (with its parent when the parent can be identified), or,
 * when the vendor gave no process id, its image file and command line as file evidence, so
 * nothing known is lost and OCSF's identity constraint holds.
 */
export function processEvidences(process: OcsfPart | undefined, extra: OcsfPart = {}): OcsfPart[] {
  if (!process) return [];
  const out: OcsfPart[] = [];
  const parent = process['parent_process'] as OcsfPart | undefined;
  const { parent_process: _parent, ...withoutParent } = process;
  const self = hasProcessIdentity(parent) ? process : withoutParent;
  if (hasProcessIdentity(self)) out.push(compact({ process: self, ...extra }));
  else if (self['file'])
    out.push(
      compact({
        file: self['file'],
        name: 'process_image',
        data: { cmd_line: self['cmd_line'] },
        ...extra,
      }),
    );
  if (parent && !hasProcessIdentity(parent) && parent['file'])
    out.push(
      compact({
        file: parent['file'],
        name: 'parent_process_image',
        data: { cmd_line: parent['cmd_line'] },
      }),
    );
  else if (parent && hasProcessIdentity(parent) && !hasProcessIdentity(self))
    out.push(compact({ process: parent, name: 'parent_process' }));
  return out;
}
