import { hostOf, userOf } from './entry-entities.js';
import { arr, at, num, oneLine, str } from './ocsf-read.js';

type Ev = Readonly<Record<string, unknown>>;

/** A process's best one-word name: its name, else the file name of its path. */
function processName(event: Ev, path: string): string | undefined {
  const name = str(event, `${path}.name`) ?? str(event, `${path}.file.name`);
  if (name !== undefined) return name;
  const full = str(event, `${path}.file.path`);
  return full === undefined ? undefined : full.slice(full.search(/[^\\/]*$/));
}

/** A process as a command line, else its path, else its name, else `pid N`. */
function processText(event: Ev, path: string): string | undefined {
  const pid = num(event, `${path}.pid`);
  return (
    str(event, `${path}.cmd_line`) ??
    str(event, `${path}.file.path`) ??
    processName(event, path) ??
    (pid === undefined ? undefined : `pid ${pid}`)
  );
}

function endpoint(event: Ev, path: string): string | undefined {
  const address =
    str(event, `${path}.ip`) ?? str(event, `${path}.hostname`) ?? str(event, `${path}.name`);
  const port = num(event, `${path}.port`);
  if (address === undefined) return port === undefined || port === 0 ? undefined : `:${port}`;
  const shown = address.includes(':') && port !== undefined ? `[${address}]` : address;
  return port === undefined || port === 0 ? shown : `${shown}:${port}`;
}

function activity(event: Ev): string {
  return (str(event, 'activity_name') ?? 'activity').toLowerCase();
}

const by = (actor: string | undefined): string => (actor === undefined ? '' : ` by ${actor}`);

function processSummary(event: Ev): string {
  const id = num(event, 'activity_id');
  const target = processText(event, 'process') ?? 'unknown process';
  const actor = processName(event, 'actor.process');
  if (id === 1) {
    const parent = processName(event, 'process.parent_process') ?? actor;
    return `Process created: ${target}${parent === undefined ? '' : ` (parent ${parent})`}`;
  }
  if (id === 2) {
    const pid = num(event, 'process.pid');
    const path = str(event, 'process.file.path') ?? processName(event, 'process') ?? target;
    return `Process terminated: ${path}${pid === undefined ? '' : ` (pid ${pid})`}`;
  }
  const name = processName(event, 'process') ?? target;
  if (id === 3)
    return `Process opened: ${name}${by(str(event, 'actor.process.file.path') ?? actor)}`;
  if (id === 4)
    return `Process injected: ${name}${by(str(event, 'actor.process.file.path') ?? actor)}`;
  return `Process ${activity(event)}: ${target}${by(actor)}`;
}

function fileSummary(event: Ev): string {
  const path = str(event, 'file.path') ?? str(event, 'file.name') ?? 'unknown file';
  const renamed = str(event, 'file_result.path') ?? str(event, 'file_result.name');
  const actor = processName(event, 'actor.process');
  const verb = activity(event);
  return `File ${verb}: ${path}${renamed === undefined ? '' : ` → ${renamed}`}${by(actor)}`;
}

function registrySummary(event: Ev): string {
  const actor = processName(event, 'actor.process');
  if (num(event, 'class_uid') === 201002) {
    const path = str(event, 'reg_value.path') ?? 'unknown key';
    const name = str(event, 'reg_value.name');
    const data = str(event, 'reg_value.data') ?? str(event, 'reg_value.reg_string_data');
    const full = name !== undefined && !path.endsWith(name) ? `${path}\\${name}` : path;
    return `Registry value ${activity(event)}: ${full}${data === undefined ? '' : ` = ${data}`}${by(actor)}`;
  }
  const path = str(event, 'reg_key.path') ?? 'unknown key';
  return `Registry key ${activity(event)}: ${path}${by(actor)}`;
}

function networkSummary(event: Ev, label: string): string {
  const src = endpoint(event, 'src_endpoint');
  const dst = endpoint(event, 'dst_endpoint');
  const protocol = str(event, 'connection_info.protocol_name');
  const app = str(event, 'app_protocol_name');
  const actor = processName(event, 'actor.process');
  const flow =
    src !== undefined && dst !== undefined ? `${src} → ${dst}` : (dst ?? src ?? 'unknown');
  const detail = [protocol, app].filter((part) => part !== undefined).join('/');
  return `${label} ${activity(event)}: ${flow}${detail === '' ? '' : ` (${detail})`}${by(actor)}`;
}

function dnsSummary(event: Ev): string {
  const query = str(event, 'query.hostname') ?? 'unknown name';
  const type = str(event, 'query.type');
  const answers = arr(event, 'answers')
    .map((answer) => str(answer, 'rdata'))
    .filter((rdata): rdata is string => rdata !== undefined);
  const rcode = str(event, 'rcode');
  const actor = processName(event, 'actor.process');
  const tail =
    answers.length > 0
      ? ` → ${answers.join(', ')}`
      : rcode !== undefined && rcode !== 'NoError'
        ? ` → ${rcode}`
        : '';
  return `DNS query: ${query}${type === undefined ? '' : ` (${type})`}${tail}${by(actor)}`;
}

function authenticationSummary(event: Ev): string {
  const id = num(event, 'activity_id');
  const label = id === 1 ? 'Logon' : id === 2 ? 'Logoff' : `Authentication ${activity(event)}`;
  const status = str(event, 'status');
  const user = str(event, 'user.name');
  const domain = str(event, 'user.domain');
  const type = str(event, 'logon_type');
  const source = str(event, 'src_endpoint.ip') ?? str(event, 'src_endpoint.hostname');
  const host = hostOf(event) ?? str(event, 'dst_endpoint.hostname');
  const parts = [
    `${label}${status === undefined || status === 'Unknown' ? '' : ` ${status.toLowerCase()}`}:`,
    user === undefined ? 'unknown user' : domain === undefined ? user : `${domain}\\${user}`,
  ];
  if (type !== undefined) parts.push(`(${type})`);
  if (source !== undefined) parts.push(`from ${source}`);
  if (host !== undefined) parts.push(`on ${host}`);
  return parts.join(' ');
}

function apiSummary(event: Ev): string {
  const operation = str(event, 'api.operation') ?? 'unknown operation';
  const service = str(event, 'api.service.name');
  const principal =
    str(event, 'actor.user.name') ?? str(event, 'actor.user.uid') ?? str(event, 'actor.app_name');
  const resources = arr(event, 'resources')
    .map((resource) => str(resource, 'name') ?? str(resource, 'uid'))
    .filter((name): name is string => name !== undefined);
  const target = resources[0] ?? str(event, 'user.name');
  const status = str(event, 'status');
  return `API call: ${operation}${service === undefined ? '' : ` (${service})`}${by(principal)}${
    target === undefined ? '' : ` on ${target}`
  }${status === undefined || status === 'Unknown' ? '' : ` — ${status.toLowerCase()}`}`;
}

function findingSummary(event: Ev): string {
  const title =
    str(event, 'finding_info.title') ??
    str(event, 'message') ??
    str(event, 'class_name') ??
    'Finding';
  const severity = str(event, 'severity');
  const host = hostOf(event);
  return `Finding: ${title}${severity === undefined ? '' : ` (${severity})`}${host === undefined ? '' : ` on ${host}`}`;
}

/** Fields of records kept as Base Events that say most about what happened, shown first. */
const TELLING_FIELDS = [
  'ThreatName',
  'Path',
  'ProcessName',
  'CommandLine',
  'ScriptBlockText',
  'ServiceName',
  'ImagePath',
  'TargetUserName',
  'SubjectUserName',
  'ShareName',
  'Operation',
  'Name',
  'Query',
  'Destination',
  'User',
];

function baseSummary(event: Ev): string {
  const product = str(event, 'metadata.product.name') ?? str(event, 'metadata.log_provider');
  const code = str(event, 'metadata.event_code');
  const head = [product, code === undefined ? str(event, 'activity_name') : `EventID ${code}`]
    .filter((part) => part !== undefined)
    .join(' ');
  const message = str(event, 'message');
  if (message !== undefined) return `${head || 'Event'}: ${message}`;
  const unmapped = at(event, 'unmapped');
  const details: string[] = [];
  if (unmapped !== null && typeof unmapped === 'object') {
    const fields = unmapped as Record<string, unknown>;
    const keys = [
      ...TELLING_FIELDS.filter((key) => key in fields),
      ...Object.keys(fields).filter((key) => !TELLING_FIELDS.includes(key)),
    ];
    for (const key of keys) {
      const text = str(fields[key]);
      if (text !== undefined && !text.startsWith('%%')) details.push(`${key}=${text}`);
      if (details.length === 4) break;
    }
  }
  return `${head || 'Event'}${details.length > 0 ? `: ${details.join(', ')}` : ''}`;
}

function genericSummary(event: Ev): string {
  const className = str(event, 'class_name') ?? 'Event';
  const message = str(event, 'message');
  const subject =
    str(event, 'job.name') ??
    str(event, 'module.file.path') ??
    str(event, 'driver.file.path') ??
    str(event, 'file.path') ??
    str(event, 'share') ??
    str(event, 'log_name') ??
    str(event, 'user.name') ??
    str(event, 'entity.name');
  const actor = processName(event, 'actor.process') ?? str(event, 'actor.user.name');
  const head = `${className} ${activity(event)}`;
  if (subject !== undefined) return `${head}: ${subject}${by(actor)}`;
  if (message !== undefined) return `${head}: ${message}`;
  return `${head}${by(actor ?? userOf(event))}`;
}

/**
 * One readable line for an OCSF event or finding: what happened and to what, by class (process
 * created with its command line and parent, file and registry changes, connections `src → dst`,
 * DNS queries with answers, logons with type, user and source, API calls by principal on
 * resource, findings with title and severity; other classes by class, activity and subject).
 * Never empty; at most 300 characters, on one line.
 */
export function summarizeEvent(event: Ev, isFinding: boolean): string {
  const classUid = num(event, 'class_uid');
  let text: string;
  if (isFinding) text = findingSummary(event);
  else
    switch (classUid) {
      case 1007:
        text = processSummary(event);
        break;
      case 1001:
        text = fileSummary(event);
        break;
      case 1005:
        text = `Module ${activity(event)}: ${str(event, 'module.file.path') ?? str(event, 'module.file.name') ?? 'unknown module'}${by(processName(event, 'actor.process'))}`;
        break;
      case 201001:
      case 201002:
        text = registrySummary(event);
        break;
      case 4001:
        text = networkSummary(event, 'Network');
        break;
      case 4003:
        text = dnsSummary(event);
        break;
      case 4005:
        text = networkSummary(event, 'RDP');
        break;
      case 4006:
        text = `SMB ${activity(event)}: ${str(event, 'share') ?? ''}${str(event, 'file.name') === undefined ? '' : `\\${str(event, 'file.name')}`}${str(event, 'src_endpoint.ip') === undefined ? '' : ` from ${str(event, 'src_endpoint.ip')}`}`;
        break;
      case 3002:
        text = authenticationSummary(event);
        break;
      case 6003:
        text = apiSummary(event);
        break;
      case 0:
        text = baseSummary(event);
        break;
      default:
        text = at(event, 'api.operation') !== undefined ? apiSummary(event) : genericSummary(event);
    }
  const line = oneLine(text);
  return line.length > 0 ? line : oneLine(genericSummary(event)) || 'Event';
}
