import { compact, isRecord, type OcsfPart, part, validIp } from '@openmdr/connector-kit/normalize';

type Entity = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * The entities of an object given for the `Entities` array: one entity (it has a `Type`), or
 * entities grouped by type (`{ "host": {…}, "process": [{…}] }`), as some exports write them.
 */
function entityList(value: Entity): unknown[] {
  if (typeof value['Type'] === 'string') return [value];
  return Object.values(value).flatMap((group) => (Array.isArray(group) ? group : [group]));
}

/**
 * The entities of a `SecurityAlert` row's `Entities` column: a JSON array (as a string, or
 * already parsed) whose objects carry `$id`, and refer to each other by `{ "$ref": "<id>" }`.
 * References are resolved; an object of entities grouped by type is flattened; anything else
 * gives none.
 */
export function parseSentinelEntities(value: unknown): Entity[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (isRecord(parsed)) parsed = entityList(parsed);
  if (!Array.isArray(parsed)) return [];
  const byId = new Map<string, Entity>();
  const visit = (item: unknown) => {
    if (!isRecord(item)) return;
    if (typeof item['$id'] === 'string') byId.set(item['$id'], item);
    for (const child of Object.values(item)) {
      if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
  };
  parsed.forEach(visit);
  return parsed
    .filter(isRecord)
    .map((item) => (typeof item['$ref'] === 'string' ? byId.get(item['$ref']) : item))
    .filter((item): item is Entity => item !== undefined);
}

function resolve(value: unknown, byRef: (id: string) => Entity | undefined): Entity | undefined {
  if (!isRecord(value)) return undefined;
  return typeof value['$ref'] === 'string' ? byRef(value['$ref']) : value;
}

function fileOf(entity: Entity | undefined, byRef: (id: string) => Entity | undefined) {
  if (!entity) return undefined;
  const name = str(entity['Name']);
  if (!name) return undefined;
  const directory = str(entity['Directory']);
  const hashes = (Array.isArray(entity['FileHashes']) ? entity['FileHashes'] : [])
    .map((hash) => resolve(hash, byRef))
    .filter((hash): hash is Entity => hash !== undefined)
    .map((hash) => {
      const algorithm = str(hash['Algorithm'])?.toUpperCase();
      const algorithmId =
        algorithm === 'MD5' ? 1 : algorithm === 'SHA1' ? 2 : algorithm === 'SHA256' ? 3 : 99;
      const value = str(hash['Value']);
      return value
        ? { algorithm_id: algorithmId, ...(algorithmId === 99 ? { algorithm } : {}), value }
        : undefined;
    })
    .filter((hash) => hash !== undefined);
  return compact({
    name,
    path: directory
      ? `${directory.replace(/[\\/]$/, '')}${separatorOf(directory)}${name}`
      : undefined,
    parent_folder: directory,
    type_id: 1,
    hashes: hashes.length > 0 ? hashes : undefined,
  });
}

/** The path separator of a directory: `/` for URLs and POSIX paths, `\\` for Windows ones. */
function separatorOf(directory: string): string {
  return directory.includes('/') && !directory.includes('\\') ? '/' : '\\';
}

/** A plausible e-mail address (`name@domain`), else `undefined`. */
function emailOf(value: string | undefined): string | undefined {
  return value && /^[^@\s]+@[^@\s]+$/.test(value) ? value : undefined;
}

function userOf(entity: Entity): OcsfPart | undefined {
  const name =
    str(entity['Name']) ??
    str(entity['Upn']) ??
    str(entity['DisplayName']) ??
    str(entity['AadUserId']) ??
    str(entity['Sid']);
  if (!name) return undefined;
  const suffix = str(entity['UPNSuffix']);
  return compact({
    name,
    uid: str(entity['Sid']) ?? str(entity['AadUserId']),
    domain: str(entity['NTDomain']) ?? suffix,
    email_addr: emailOf(name.includes('@') || !suffix ? name : `${name}@${suffix}`),
    display_name: str(entity['DisplayName']),
  });
}

/**
 * OCSF `evidences[]` of Sentinel entities: `host` → device, `account` → user, `ip` → endpoint,
 * `process` → process (image file resolved), `file` → file with hashes, `url`, `dns` → query,
 * `mailbox` → user by address; others (`cloud-application`, `azure-resource`, `filehash` on its
 * own, …) keep their fields as `data`. `filehash` entities referenced by a file are not listed
 * again.
 */
export function sentinelEvidences(entities: readonly Entity[]): OcsfPart[] {
  const byId = new Map<string, Entity>();
  for (const entity of entities)
    if (typeof entity['$id'] === 'string') byId.set(entity['$id'], entity);
  const byRef = (id: string) => byId.get(id);
  const referenced = new Set<Entity>();
  for (const entity of entities) {
    if (Array.isArray(entity['FileHashes']))
      for (const hash of entity['FileHashes']) {
        const resolved = resolve(hash, byRef);
        if (resolved) referenced.add(resolved);
      }
  }
  const out: OcsfPart[] = [];
  for (const entity of entities) {
    const type = str(entity['Type'])?.toLowerCase() ?? 'unknown';
    const base = { name: type };
    switch (type) {
      case 'host': {
        const hostname = str(entity['HostName']);
        if (!hostname) break;
        const domain = str(entity['DnsDomain']);
        out.push({
          ...base,
          device: compact({
            hostname: domain ? `${hostname}.${domain}` : hostname,
            name: hostname,
            domain: str(entity['NTDomain']) ?? domain,
            uid: str(entity['AzureID']) ?? str(entity['MdatpDeviceId']),
            os: part({ name: str(entity['OSFamily']), type_id: osTypeId(str(entity['OSFamily'])) }),
            type_id: 0,
          }),
        });
        continue;
      }
      case 'account': {
        const user = userOf(entity);
        if (user) {
          out.push({ ...base, user });
          continue;
        }
        break;
      }
      case 'ip': {
        const ip = validIp(str(entity['Address']));
        if (ip) {
          out.push({ ...base, src_endpoint: { ip } });
          continue;
        }
        break;
      }
      case 'process': {
        const file = fileOf(resolve(entity['ImageFile'], byRef), byRef);
        const pidValue = entity['ProcessId'];
        // `6124`, "6124" or "0x17ec"; an empty string is no pid (Number('') is 0)
        const pid = typeof pidValue === 'number' ? pidValue : Number(str(pidValue) ?? Number.NaN);
        const process = compact({
          pid: Number.isInteger(pid) && pid >= 0 ? pid : undefined,
          cmd_line: str(entity['CommandLine']),
          created_time: Date.parse(String(entity['CreationTimeUtc'] ?? '')) || undefined,
          file,
        });
        if (process['pid'] !== undefined) {
          out.push({ ...base, process });
          continue;
        }
        if (file) {
          out.push({ ...base, file, data: compact({ cmd_line: process['cmd_line'] }) });
          continue;
        }
        break;
      }
      case 'file': {
        const file = fileOf(entity, byRef);
        if (file) {
          out.push({ ...base, file });
          continue;
        }
        break;
      }
      case 'filehash':
        if (referenced.has(entity)) continue;
        break;
      case 'url': {
        const url = str(entity['Url']);
        if (url) {
          out.push({ ...base, url: { url_string: url } });
          continue;
        }
        break;
      }
      case 'dns': {
        const hostname = str(entity['DomainName']);
        if (hostname) {
          out.push({ ...base, query: { hostname } });
          continue;
        }
        break;
      }
      case 'mailbox': {
        const address = emailOf(str(entity['MailboxPrimaryAddress']));
        if (address) {
          out.push({
            ...base,
            user: compact({
              name: str(entity['Upn']) ?? address,
              email_addr: address,
              display_name: str(entity['DisplayName']),
              uid: str(entity['AadId']),
            }),
          });
          continue;
        }
        break;
      }
      default:
        break;
    }
    const { $id: _id, Type: _type, ...data } = entity;
    if (Object.keys(data).length > 0) out.push({ ...base, data });
  }
  return out;
}

function osTypeId(family: string | undefined): number | undefined {
  switch (family?.toLowerCase()) {
    case undefined:
      return undefined;
    case 'windows':
      return 100;
    case 'linux':
      return 200;
    case 'macos':
    case 'mac':
      return 300;
    case 'ios':
      return 301;
    case 'android':
      return 201;
    default:
      return 99;
  }
}
