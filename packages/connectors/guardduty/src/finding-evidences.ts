import {
  compact,
  filePart,
  isRecord,
  type OcsfPart,
  part,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { endpointPart, localEndpoint, remoteEndpoint } from './finding-endpoints.js';
import { optionalTime } from './finding-resources.js';

/** IANA protocol numbers of the protocols GuardDuty names. */
const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/** The attributes of which an OCSF evidence must have at least one (those this module sets). */
const EVIDENCE_KEYS = [
  'actor',
  'api',
  'data',
  'dst_endpoint',
  'process',
  'query',
  'src_endpoint',
  'user',
];

/** An evidence when it holds what OCSF requires of one (an endpoint, a query, data…). */
function evidencePart(input: OcsfPart): OcsfPart | undefined {
  const evidence = compact(input);
  return EVIDENCE_KEYS.some((key) => evidence[key] !== undefined) ? evidence : undefined;
}

/** OCSF `connection_info` of a GuardDuty `protocol` and `connectionDirection`. */
function connectionInfo(
  protocol: string | undefined,
  direction: string | undefined,
): OcsfPart | undefined {
  if (!protocol && !direction) return undefined;
  const name = protocol?.toLowerCase();
  const directionId = direction === 'INBOUND' ? 1 : direction === 'OUTBOUND' ? 2 : 0;
  return compact({
    direction_id: directionId,
    protocol_name: name,
    protocol_num: name === undefined ? undefined : PROTOCOL_NUMBERS[name],
  });
}

function apiCall(action: RecordReader): OcsfPart | undefined {
  const operation = action.string('api');
  const serviceName = action.string('serviceName');
  const error = action.string('errorCode');
  return evidencePart({
    name: 'AWS_API_CALL',
    api: operation
      ? {
          operation,
          service: serviceName ? { name: serviceName } : undefined,
          response: error ? { error } : undefined,
        }
      : undefined,
    src_endpoint: remoteEndpoint(action, { domain: action.string('domainDetails.domain') }),
    http_request: part({ user_agent: action.string('userAgent') }),
    data: action.rest(
      new Set(['api', 'serviceName', 'errorCode', 'remoteIpDetails', 'domainDetails', 'userAgent']),
    ),
  });
}

function networkConnection(action: RecordReader, instance: OcsfPart | undefined) {
  const direction = action.string('connectionDirection');
  const remote = remoteEndpoint(action);
  const local = localEndpoint(action, instance);
  const outbound = direction === 'OUTBOUND';
  return evidencePart({
    name: 'NETWORK_CONNECTION',
    connection_info: connectionInfo(action.string('protocol'), direction),
    src_endpoint: outbound ? local : remote,
    dst_endpoint: outbound ? remote : local,
    data: action.rest(
      new Set([
        'connectionDirection',
        'protocol',
        'remoteIpDetails',
        'remotePortDetails',
        'localIpDetails',
        'localPortDetails',
      ]),
    ),
  });
}

function portProbes(action: RecordReader, instance: OcsfPart | undefined): OcsfPart[] {
  const blocked = action.boolean('blocked');
  return action
    .objects('portProbeDetails')
    .map((probe) =>
      evidencePart({
        name: 'PORT_PROBE',
        connection_info: { direction_id: 1 },
        src_endpoint: remoteEndpoint(probe),
        dst_endpoint: localEndpoint(probe, instance),
        data: blocked === undefined ? undefined : { blocked },
      }),
    )
    .filter((evidence) => evidence !== undefined);
}

function dnsRequest(action: RecordReader, instance: OcsfPart | undefined) {
  const domain = action.string('domain');
  return evidencePart({
    name: 'DNS_REQUEST',
    query: domain ? { hostname: domain } : undefined,
    connection_info: connectionInfo(action.string('protocol'), 'OUTBOUND'),
    src_endpoint: instance,
    data: action.rest(new Set(['domain', 'protocol'])),
  });
}

function kubernetesApiCall(action: RecordReader) {
  const verb = action.string('verb');
  const status = action.number('statusCode');
  const sourceIp = action
    .array('sourceIps')
    .map(validIp)
    .find((ip) => ip !== undefined);
  const requestUri = action.string('requestUri');
  return evidencePart({
    name: 'KUBERNETES_API_CALL',
    api: verb
      ? {
          operation: verb,
          service: { name: 'Kubernetes API' },
          response: status !== undefined && Number.isInteger(status) ? { code: status } : undefined,
        }
      : undefined,
    src_endpoint: remoteEndpoint(action) ?? endpointPart({ ip: sourceIp }),
    http_request: part({
      user_agent: action.string('userAgent'),
      url: requestUri ? { path: requestUri } : undefined,
    }),
    data: action.rest(
      new Set(['verb', 'statusCode', 'remoteIpDetails', 'userAgent', 'requestUri']),
    ),
  });
}

function rdsLoginAttempt(action: RecordReader) {
  const userName = action
    .objects('loginAttributes')
    .map((attribute) => attribute.string('user'))
    .find((name) => name !== undefined);
  return evidencePart({
    name: 'RDS_LOGIN_ATTEMPT',
    src_endpoint: remoteEndpoint(action),
    user: userName ? { name: userName } : undefined,
    data: action.rest(new Set(['remoteIpDetails'])),
  });
}

/** The action detail objects of `service.action`, by their key, with their `actionType`. */
const ACTION_TYPES: Readonly<Record<string, string>> = {
  awsApiCallAction: 'AWS_API_CALL',
  networkConnectionAction: 'NETWORK_CONNECTION',
  portProbeAction: 'PORT_PROBE',
  dnsRequestAction: 'DNS_REQUEST',
  kubernetesApiCallAction: 'KUBERNETES_API_CALL',
  rdsLoginAttemptAction: 'RDS_LOGIN_ATTEMPT',
  kubernetesPermissionCheckedDetails: 'KUBERNETES_PERMISSION_CHECKED',
  kubernetesRoleBindingDetails: 'KUBERNETES_ROLE_BINDING',
  kubernetesRoleDetails: 'KUBERNETES_ROLE',
};

/**
 * Evidences of a finding's `service.action`: the remote caller, API, user agent and domain of an
 * AWS API call; the two ends, protocol and direction of a network connection; each probe of a
 * port probe; the domain of a DNS request; the verb, URI, status, source and user agent of a
 * Kubernetes API call; the source and user of an RDS login attempt; the others' details as data.
 */
export function actionEvidences(
  action: RecordReader | undefined,
  instance: OcsfPart | undefined,
): OcsfPart[] {
  if (!action) return [];
  const out: (OcsfPart | undefined)[] = [];
  for (const [key, value] of Object.entries(action.record)) {
    if (key === 'actionType' || !isRecord(value)) continue;
    const detail = action.object(key) as RecordReader;
    switch (key) {
      case 'awsApiCallAction':
        out.push(apiCall(detail));
        break;
      case 'networkConnectionAction':
        out.push(networkConnection(detail, instance));
        break;
      case 'portProbeAction':
        out.push(...portProbes(detail, instance));
        break;
      case 'dnsRequestAction':
        out.push(dnsRequest(detail, instance));
        break;
      case 'kubernetesApiCallAction':
        out.push(kubernetesApiCall(detail));
        break;
      case 'rdsLoginAttemptAction':
        out.push(rdsLoginAttempt(detail));
        break;
      default:
        out.push(evidencePart({ name: ACTION_TYPES[key] ?? key, data: detail.record }));
    }
  }
  return out.filter((evidence) => evidence !== undefined);
}

/**
 * The evidence of a Runtime Monitoring finding's `service.runtimeDetails`: the process (pid,
 * uuid, executable and its SHA-256, working directory, start, user, parent) and the rest of the
 * process and its `context` as data.
 */
export function runtimeEvidence(runtime: RecordReader | undefined): OcsfPart | undefined {
  if (!runtime) return undefined;
  const process = runtime.object('process');
  const pid = process?.number('pid');
  const userName = process?.string('user');
  const userId = process?.string('userId');
  const parentUuid = process?.string('parentUuid');
  const processPart = process
    ? part({
        pid: pid !== undefined && Number.isInteger(pid) ? pid : undefined,
        uid: process.string('uuid'),
        name: process.string('name'),
        file: filePart({
          path: process.string('executablePath'),
          sha256: process.string('executableSha256'),
          executable: true,
        }),
        working_directory: process.string('pwd'),
        created_time: optionalTime(process, 'startTime'),
        user: userName || userId ? { name: userName, uid: userId } : undefined,
        parent_process: parentUuid ? { uid: parentUuid } : undefined,
      })
    : undefined;
  const identified =
    processPart && (processPart['pid'] !== undefined || processPart['uid'] !== undefined);
  const processRest = process?.rest(
    new Set([
      ...(identified ? ['pid', 'uuid', 'name', 'executablePath', 'executableSha256'] : []),
      ...(identified ? ['pwd', 'startTime', 'user', 'userId', 'parentUuid'] : []),
    ]),
  );
  return evidencePart({
    name: 'RUNTIME',
    process: identified ? processPart : undefined,
    data: part({ process: processRest, context: runtime.record['context'] }),
  });
}

/** OCSF `malware` of a threat name and the files it was found in. */
function malwarePart(name: string | undefined, files: (OcsfPart | undefined)[]) {
  if (!name) return undefined;
  const found = files.filter((file) => file !== undefined);
  return compact({ name, classification_ids: [0], files: found.length > 0 ? found : undefined });
}

/**
 * OCSF `malware` of a Malware Protection finding: the threats of `service.ebsVolumeScanDetails`
 * (EC2, EBS) and `service.malwareScanDetails` (S3, backups), each with the files it was found in
 * and their SHA-256.
 */
export function findingMalware(service: RecordReader | undefined): OcsfPart[] {
  if (!service) return [];
  const out: (OcsfPart | undefined)[] = [];
  for (const threat of service.objects(
    'ebsVolumeScanDetails.scanDetections.threatDetectedByName.threatNames',
  )) {
    const files = threat.objects('filePaths').map((file) =>
      filePart({
        path: file.string('filePath'),
        name: file.string('fileName'),
        sha256: file.string('hash'),
      }),
    );
    out.push(malwarePart(threat.string('name'), files));
  }
  for (const threat of service.objects('malwareScanDetails.threats')) {
    const files = threat
      .objects('itemPaths')
      .map((item) =>
        filePart({ path: item.string('nestedItemPath'), sha256: item.string('hash') }),
      );
    out.push(malwarePart(threat.string('name'), files));
  }
  return out.filter((malware) => malware !== undefined);
}

/** OCSF `enrichments` of `service.evidence.threatIntelligenceDetails` (the lists that matched). */
export function threatIntelligence(service: RecordReader | undefined): OcsfPart[] {
  if (!service) return [];
  return service
    .objects('evidence.threatIntelligenceDetails')
    .map((detail) => {
      const names = detail.strings('threatNames');
      const value = detail.string('threatListName') ?? names[0];
      if (!value) return undefined;
      return compact({
        name: 'threat_list',
        value,
        type: 'Threat Intelligence',
        provider: 'Amazon GuardDuty',
        data: detail.record,
      });
    })
    .filter((enrichment) => enrichment !== undefined);
}
