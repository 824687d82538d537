import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  type AttackInput,
  attacks,
  buildEvent,
  compact,
  enumAttribute,
  filePart,
  findingActivityId,
  findingStatus,
  isRecord,
  type JsonRecord,
  macAddress,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  part,
  processEvidences,
  severityIdOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { EcsReader, unmappedFields } from './ecs.js';
import { MAPPED_ECS_FIELDS } from './ecs-mapping.js';

/** `metadata.product` of Elastic Security alerts. */
export const ELASTIC_PRODUCT = { name: 'Elastic Security', vendor_name: 'Elastic' } as const;

/** Options of {@link normalizeElasticAlert}. */
export interface NormalizeAlertOptions extends NormalizeOptions {
  /** The Kibana URL of the space (`https://kibana.example/s/soc`), for the link back. */
  kibanaUrl?: string;
}

/** OCSF `status_id` by Kibana workflow status; others are Other (99). */
const STATUS_IDS: Readonly<Record<string, number>> = {
  open: 1,
  acknowledged: 2,
  'in-progress': 2,
  closed: 4,
};

/** OCSF `risk_level_id` of an Elastic risk score (0–100), by Elastic's severity bands. */
export function riskLevelOfScore(score: number): number {
  if (score >= 74) return 4;
  if (score >= 48) return 3;
  if (score >= 22) return 2;
  return 1;
}

/**
 * The document of a record: a search hit (`{ _id, _index, _source }`) or a document as the
 * streams deliver it (`{ _id, _index, ...fields }`).
 */
export function alertDocumentOf(record: unknown): JsonRecord {
  if (!isRecord(record)) {
    throw new NormalizationError('expected an Elasticsearch hit or document (a JSON object)', {
      path: '(record)',
    });
  }
  if (isRecord(record['_source'])) {
    return {
      ...(typeof record['_id'] === 'string' ? { _id: record['_id'] } : {}),
      ...(typeof record['_index'] === 'string' ? { _index: record['_index'] } : {}),
      ...record['_source'],
    };
  }
  return record;
}

function attackInputs(doc: EcsReader): AttackInput[] {
  const inputs: AttackInput[] = [];
  for (const threat of doc.objects('kibana.alert.rule.threat')) {
    const framework = threat.string('framework');
    if (framework && !/att&?ck/i.test(framework)) continue;
    const tactic = {
      tacticUid: threat.string('tactic.id'),
      tacticName: threat.string('tactic.name'),
    };
    const techniques = threat.objects('technique');
    if (techniques.length === 0) inputs.push(tactic);
    for (const technique of techniques) {
      const subtechniques = technique.objects('subtechnique');
      inputs.push({
        ...tactic,
        techniqueUid: technique.string('id'),
        techniqueName: technique.string('name'),
      });
      for (const sub of subtechniques) {
        inputs.push({
          ...tactic,
          techniqueUid: sub.string('id'),
          techniqueName: sub.string('name'),
        });
      }
    }
  }
  // ECS threat.* of the source event (Elastic Defend alerts): parallel arrays
  const tacticIds = doc.strings('threat.tactic.id');
  const tacticNames = doc.strings('threat.tactic.name');
  const techniqueIds = doc.strings('threat.technique.id');
  const techniqueNames = doc.strings('threat.technique.name');
  const subIds = doc.strings('threat.technique.subtechnique.id');
  const subNames = doc.strings('threat.technique.subtechnique.name');
  const tactic = { tacticUid: tacticIds[0], tacticName: tacticNames[0] };
  techniqueIds.forEach((id, index) => {
    inputs.push({ ...tactic, techniqueUid: id, techniqueName: techniqueNames[index] });
  });
  subIds.forEach((id, index) => {
    inputs.push({ ...tactic, techniqueUid: id, techniqueName: subNames[index] });
  });
  if (techniqueIds.length === 0 && subIds.length === 0 && (tactic.tacticUid || tactic.tacticName)) {
    inputs.push(tactic);
  }
  return inputs;
}

function hashesOf(doc: EcsReader, prefix: string) {
  return {
    md5: doc.string(`${prefix}.hash.md5`),
    sha1: doc.string(`${prefix}.hash.sha1`),
    sha256: doc.string(`${prefix}.hash.sha256`),
  };
}

function processOf(doc: EcsReader, prefix: string): OcsfPart | undefined {
  const executable = doc.string(`${prefix}.executable`);
  const name = doc.string(`${prefix}.name`);
  const file = filePart({ path: executable, name, ...hashesOf(doc, prefix), executable: true });
  return part({
    pid: doc.number(`${prefix}.pid`),
    uid: doc.string(`${prefix}.entity_id`),
    name: name ?? (file?.['name'] as string | undefined),
    cmd_line: doc.string(`${prefix}.command_line`),
    file,
  });
}

/** The OCSF device of a document's ECS `host.*` and `agent.*` fields. */
export function deviceOf(doc: EcsReader): OcsfPart | undefined {
  // Elastic Defend response actions address hosts by agent id: it is the device uid of Defend
  // alerts (the host id is then uid_alt)
  const defend = doc.string('agent.type') === 'endpoint' && doc.string('agent.id') !== undefined;
  const hostId = doc.string('host.id');
  const uid = defend ? doc.string('agent.id') : hostId;
  const name = doc.string('host.name');
  const hostname = doc.string('host.hostname') ?? name;
  if (!uid && !hostname) return undefined;
  const agentId = doc.string('agent.id');
  return compact({
    uid,
    uid_alt: defend && hostId !== uid ? hostId : undefined,
    name,
    hostname,
    ip: doc
      .strings('host.ip')
      .map((ip) => validIp(ip))
      .find(Boolean),
    mac: doc
      .strings('host.mac')
      .map((mac) => macAddress(mac))
      .find(Boolean),
    domain: doc.string('host.domain'),
    os: osPart({
      name: doc.string('host.os.name'),
      platform: doc.string('host.os.platform') ?? doc.string('host.os.type'),
      version: doc.string('host.os.version'),
      kernel: doc.string('host.os.kernel'),
    }),
    type_id: 0,
    agent_list: agentId
      ? [
          compact({
            uid: agentId,
            name: doc.string('agent.type'),
            version: doc.string('agent.version'),
            type_id: doc.string('agent.type') === 'endpoint' ? 1 : 99,
            type: doc.string('agent.type') === 'endpoint' ? undefined : 'Other',
            vendor_name: 'Elastic',
          }),
        ]
      : undefined,
  });
}

function endpointOf(doc: EcsReader, prefix: 'source' | 'destination'): OcsfPart | undefined {
  return part({
    ip: validIp(doc.string(`${prefix}.ip`)),
    port: doc.number(`${prefix}.port`),
    domain: doc.string(`${prefix}.domain`),
  });
}

function evidencesOf(doc: EcsReader): OcsfPart[] {
  const out: OcsfPart[] = [];
  const user = part({
    name: doc.string('user.name'),
    uid: doc.string('user.id'),
    domain: doc.string('user.domain'),
  });
  const process = processOf(doc, 'process');
  if (process) {
    const parent = processOf(doc, 'process.parent');
    out.push(...processEvidences(compact({ ...process, parent_process: parent, user })));
  }
  const file = filePart({
    path: doc.string('file.path'),
    name: doc.string('file.name'),
    ...hashesOf(doc, 'file'),
    size: doc.number('file.size'),
  });
  if (file) out.push({ file });
  const src = endpointOf(doc, 'source');
  const dst = endpointOf(doc, 'destination');
  if (src || dst) out.push(compact({ src_endpoint: src, dst_endpoint: dst }));
  if (user && !out.some((evidence) => isRecord(evidence['process']))) out.push({ user });
  return out;
}

/**
 * Normalises one Elastic Security detection alert (a document of
 * `.alerts-security.alerts-<space>`, as a search hit or as the `alerts` stream delivers it) into
 * an OCSF 1.8.0 Detection Finding (class 2004), by the table `ECS_TO_OCSF`: the rule
 * (`kibana.alert.rule.*`) becomes `finding_info` and its analytic, `kibana.alert.severity` the
 * severity, `kibana.alert.risk_score` the risk score and level, the workflow status the status
 * (a closed alert is a Close activity), `kibana.alert.rule.threat` and ECS `threat.*` the ATT&CK
 * `attacks`, `host.*` the device, and the user, process, file, source and destination of the
 * source event the `evidences`; with `kibanaUrl`, `finding_info.src_url` links to the alert in
 * Kibana. Every other field stays in `unmapped` under its dotted ECS name. Pure.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no
 *   `kibana.alert.uuid` or `_id`, no `@timestamp`, or does not make a valid event.
 */
export function normalizeElasticAlert(
  record: unknown,
  options: NormalizeAlertOptions = {},
): DetectionFinding & NormalizedEvent {
  const document = alertDocumentOf(record);
  const doc = new EcsReader(document);
  const uid = doc.string('kibana.alert.uuid') ?? doc.string('_id');
  if (!uid) {
    throw new NormalizationError('Elastic alert has no kibana.alert.uuid and no _id', {
      path: 'kibana.alert.uuid',
    });
  }
  const timestamp = doc.time('@timestamp');
  if (timestamp === undefined) {
    throw new NormalizationError('Elastic alert has no valid @timestamp', { path: '@timestamp' });
  }
  const times = {
    created: timestamp,
    updated: doc.time('kibana.alert.workflow_status_updated_at') ?? timestamp,
  };
  const status = doc.string('kibana.alert.workflow_status');
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const severity = doc.string('kibana.alert.severity');
  const riskScore = doc.number('kibana.alert.risk_score');
  const ruleName = doc.string('kibana.alert.rule.name');
  const title = ruleName ?? doc.string('kibana.alert.reason') ?? uid;
  const ruleType = doc.string('kibana.alert.rule.type');
  const index = doc.string('_index');
  const kibanaUrl = options.kibanaUrl?.replace(/\/$/, '');
  const link = kibanaUrl
    ? `${kibanaUrl}/app/security/alerts/redirect/${encodeURIComponent(uid)}?${new URLSearchParams({
        ...(index ? { index } : {}),
        timestamp: new Date(timestamp).toISOString(),
      }).toString()}`
    : undefined;
  const event = {
    activity_id: findingActivityId(statusId === 4, times),
    ...enumAttribute('severity', severityIdOf(severity), severity),
    ...findingStatus(statusId, status),
    risk_score: riskScore === undefined ? undefined : Math.round(riskScore),
    ...(riskScore === undefined
      ? {}
      : enumAttribute('risk_level', riskLevelOfScore(riskScore), undefined)),
    time: times.updated,
    is_alert: true,
    message: doc.string('kibana.alert.reason') ?? title,
    comment: doc.string('kibana.alert.workflow_reason'),
    finding_info: {
      uid,
      title,
      desc: doc.string('kibana.alert.rule.description'),
      created_time: timestamp,
      modified_time: doc.time('kibana.alert.workflow_status_updated_at'),
      first_seen_time: doc.time('kibana.alert.start'),
      last_seen_time: doc.time('kibana.alert.last_detected'),
      types: ruleType ? [ruleType] : undefined,
      analytic: part({
        uid: doc.string('kibana.alert.rule.uuid'),
        name: ruleName,
        category: doc.string('kibana.alert.rule.category'),
        version: doc.string('kibana.alert.rule.version'),
        type_id: doc.string('kibana.alert.rule.uuid') || ruleName ? 1 : undefined,
        type: doc.string('kibana.alert.rule.uuid') || ruleName ? 'Rule' : undefined,
      }),
      attacks: attacks(attackInputs(doc)),
      data_sources: doc.strings('kibana.alert.rule.parameters.index'),
      src_url: link,
    },
    device: deviceOf(doc),
    evidences: evidencesOf(doc),
    metadata: {
      product: compact({ ...ELASTIC_PRODUCT, version: doc.string('kibana.version') }),
      uid,
      log_name: index,
      original_time: doc.string('@timestamp'),
      correlation_uid: doc.string('kibana.alert.group.id'),
      labels: doc.strings('kibana.alert.rule.tags'),
    },
    unmapped: unmappedFields(document, MAPPED_ECS_FIELDS),
  };
  return buildEvent('detection_finding', event, {
    source: 'Elastic Security alert',
    record,
    options,
  });
}
