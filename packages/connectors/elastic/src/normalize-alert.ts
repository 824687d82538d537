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
import { ALERT_FIELDS, isHttpUrl } from './alert-fields.js';
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
 * The document of a record: a search hit (`{ _id, _index, _source }`, or `{ _id, _index, fields }`
 * when the search asked for `fields` and no `_source`) or a document as the streams deliver it
 * (`{ _id, _index, ...fields }`).
 *
 * @throws {NormalizationError} when the record is not a JSON object.
 */
export function alertDocumentOf(record: unknown): JsonRecord {
  if (!isRecord(record)) {
    throw new NormalizationError('expected an Elasticsearch hit or document (a JSON object)', {
      path: '(record)',
    });
  }
  const body = isRecord(record['_source'])
    ? record['_source']
    : isRecord(record['fields']) && !('@timestamp' in record)
      ? record['fields']
      : undefined;
  if (body === undefined) return record;
  // Object.assign, not spread: a spread of a 100-key _source is many times slower on V8
  const head: JsonRecord = {};
  if (typeof record['_id'] === 'string') head['_id'] = record['_id'];
  if (typeof record['_index'] === 'string') head['_index'] = record['_index'];
  return Object.assign(head, body);
}

/**
 * The hits of an Elasticsearch search response (`{ hits: { hits: [...] } }`), as the Kibana
 * `POST /api/detection_engine/signals/search` API and `_search` return them; any other record
 * is one hit.
 */
export function elasticHitsOf(response: unknown): unknown[] {
  if (isRecord(response) && isRecord(response['hits']) && Array.isArray(response['hits']['hits'])) {
    return response['hits']['hits'];
  }
  return [response];
}

/** ATT&CK of ECS-style parallel arrays (`<prefix>.tactic.id`, `<prefix>.technique.id`, …). */
function flatAttackInputs(doc: EcsReader, prefix: string): AttackInput[] {
  const inputs: AttackInput[] = [];
  const techniqueIds = doc.strings(`${prefix}.technique.id`);
  const techniqueNames = doc.strings(`${prefix}.technique.name`);
  const subIds = doc.strings(`${prefix}.technique.subtechnique.id`);
  const subNames = doc.strings(`${prefix}.technique.subtechnique.name`);
  const tactic = {
    tacticUid: doc.strings(`${prefix}.tactic.id`)[0],
    tacticName: doc.strings(`${prefix}.tactic.name`)[0],
  };
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

/** ATT&CK of the rule's `threat` objects (tactic, techniques, sub-techniques). */
function ruleAttackInputs(threats: readonly EcsReader[]): AttackInput[] {
  const inputs: AttackInput[] = [];
  for (const threat of threats) {
    const framework = threat.string('framework');
    if (framework && !/att&?ck/i.test(framework)) continue;
    const tactic = {
      tacticUid: threat.string('tactic.id'),
      tacticName: threat.string('tactic.name'),
    };
    const techniques = threat.objects('technique');
    if (techniques.length === 0 && (tactic.tacticUid || tactic.tacticName)) inputs.push(tactic);
    for (const technique of techniques) {
      inputs.push({
        ...tactic,
        techniqueUid: technique.string('id'),
        techniqueName: technique.string('name'),
      });
      for (const sub of technique.objects('subtechnique')) {
        inputs.push({
          ...tactic,
          techniqueUid: sub.string('id'),
          techniqueName: sub.string('name'),
        });
      }
    }
  }
  return inputs;
}

function attackInputs(doc: EcsReader): AttackInput[] {
  const inputs: AttackInput[] = [];
  const ruleThreat = ALERT_FIELDS.ruleThreat.find((path) => doc.objects(path).length > 0);
  if (ruleThreat) inputs.push(...ruleAttackInputs(doc.objects(ruleThreat)));
  // the search API's `fields` flatten a non-nested `threat` into parallel arrays
  else {
    for (const path of ALERT_FIELDS.ruleThreat) {
      const flat = flatAttackInputs(doc, path);
      inputs.push(...flat);
      if (flat.length > 0) break;
    }
  }
  // ECS threat of the source event: Elastic Defend writes an array of threat objects, other
  // sources parallel arrays (`threat.technique.id: [...]`)
  if (Array.isArray(doc.value('threat'))) inputs.push(...ruleAttackInputs(doc.objects('threat')));
  else inputs.push(...flatAttackInputs(doc, 'threat'));
  return inputs;
}

function hashesOf(doc: EcsReader, prefix: string) {
  return {
    md5: doc.string(`${prefix}.hash.md5`),
    sha1: doc.string(`${prefix}.hash.sha1`),
    sha256: doc.string(`${prefix}.hash.sha256`),
  };
}

/** The OCSF process of a document's ECS `<prefix>.*` process fields (`process`, `process.parent`). */
export function processOf(doc: EcsReader, prefix: string): OcsfPart | undefined {
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

/** The link back to the alert in Kibana: by `kibanaUrl`, else the alert's own URL, else the rule's. */
function alertLink(
  doc: EcsReader,
  uid: string,
  timestamp: number,
  kibanaUrl: string | undefined,
): string | undefined {
  const index = doc.string('_index');
  const query = new URLSearchParams({
    ...(index ? { index } : {}),
    timestamp: new Date(timestamp).toISOString(),
  }).toString();
  const redirect = (base: string) => `${base}/alerts/redirect/${encodeURIComponent(uid)}?${query}`;
  if (kibanaUrl) return redirect(`${kibanaUrl.replace(/\/$/, '')}/app/security`);
  const own = doc.first(...ALERT_FIELDS.url);
  if (isHttpUrl(own)) return own;
  const siemApp = doc.first(...ALERT_FIELDS.siemAppUrl);
  return isHttpUrl(siemApp) ? redirect(siemApp.replace(/\/$/, '')) : undefined;
}

/**
 * Normalises one Elastic Security detection alert into an OCSF 1.8.0 Detection Finding (class
 * 2004), by the table `ECS_TO_OCSF`. It reads every shape Elastic has written: 8.x
 * alerts-as-data documents of `.alerts-security.alerts-<space>` (flat dotted `kibana.alert.*`
 * keys, source-event ECS fields nested, dotted or mixed), 7.x `.siem-signals-*` documents
 * (`signal.rule.*`, `signal.status`, `signal.original_time`), search hits with `_source` or with
 * `fields` only, and building-block, threshold, EQL-sequence, machine-learning, new-terms and
 * indicator-match alerts (see `ALERT_FIELDS`). The rule becomes `finding_info` and its analytic,
 * the severity the severity, the risk score the risk score and level, the workflow status the
 * status (a closed alert is a Close activity), the rule's threat and ECS `threat.*` the ATT&CK
 * `attacks`, `host.*` the device, and the user, process, file, source and destination of the
 * source event the `evidences`; a threshold alert's count is `count`, a building block is typed
 * `building_block`. `finding_info.src_url` links to the alert in Kibana (by `kibanaUrl`, else
 * `kibana.alert.url`, else the rule's Kibana app URL). Every other field stays in `unmapped`
 * under its dotted ECS name. Pure.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no
 *   `kibana.alert.uuid` or `_id`, no `@timestamp` (nor alert start or original time), or does
 *   not make a valid event.
 */
export function normalizeElasticAlert(
  record: unknown,
  options: NormalizeAlertOptions = {},
): DetectionFinding & NormalizedEvent {
  const document = alertDocumentOf(record);
  const doc = new EcsReader(document);
  const uid = doc.first(...ALERT_FIELDS.uid);
  if (!uid) {
    throw new NormalizationError('Elastic alert has no kibana.alert.uuid and no _id', {
      path: 'kibana.alert.uuid',
    });
  }
  const timestamp = doc.firstTime(...ALERT_FIELDS.time);
  if (timestamp === undefined) {
    throw new NormalizationError('Elastic alert has no valid @timestamp', { path: '@timestamp' });
  }
  const modified = doc.firstTime(...ALERT_FIELDS.updated);
  const times = { created: timestamp, updated: modified ?? timestamp };
  const status = doc.first(...ALERT_FIELDS.status);
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const severity = doc.first(...ALERT_FIELDS.severity)?.toLowerCase();
  const riskScore = doc.firstNumber(...ALERT_FIELDS.riskScore);
  const ruleName = doc.first(...ALERT_FIELDS.ruleName);
  const ruleUid = doc.first(...ALERT_FIELDS.ruleUid);
  const reason = doc.first(...ALERT_FIELDS.reason);
  const title = ruleName ?? reason ?? uid;
  const ruleType = doc.first(...ALERT_FIELDS.ruleType);
  const buildingBlock = doc.first(...ALERT_FIELDS.buildingBlock);
  const types = [ruleType, buildingBlock ? 'building_block' : undefined].filter(
    (type): type is string => type !== undefined,
  );
  const count = doc.firstNumber(...ALERT_FIELDS.thresholdCount);
  const firstStrings = (paths: readonly string[]) =>
    paths.map((path) => doc.strings(path)).find((values) => values.length > 0) ?? [];
  const event = {
    activity_id: findingActivityId(statusId === 4, times),
    ...enumAttribute('severity', severityIdOf(severity), severity),
    ...findingStatus(statusId, status),
    risk_score:
      riskScore === undefined ? undefined : Math.min(100, Math.max(0, Math.round(riskScore))),
    ...(riskScore === undefined
      ? {}
      : enumAttribute('risk_level', riskLevelOfScore(riskScore), undefined)),
    count: count === undefined ? undefined : Math.max(0, Math.round(count)),
    time: times.updated,
    is_alert: true,
    message: reason ?? title,
    comment: doc.first(...ALERT_FIELDS.statusReason),
    finding_info: {
      uid,
      title,
      desc: doc.first(...ALERT_FIELDS.ruleDescription),
      created_time: timestamp,
      modified_time: modified,
      first_seen_time: doc.firstTime(...ALERT_FIELDS.firstSeen),
      last_seen_time: doc.firstTime(...ALERT_FIELDS.lastSeen),
      types: types.length > 0 ? types : undefined,
      analytic: part({
        uid: ruleUid,
        name: ruleName,
        category: doc.first(...ALERT_FIELDS.ruleCategory),
        version: doc.first(...ALERT_FIELDS.ruleVersion),
        type_id: ruleUid || ruleName ? 1 : undefined,
        type: ruleUid || ruleName ? 'Rule' : undefined,
      }),
      attacks: attacks(attackInputs(doc)),
      data_sources: firstStrings(ALERT_FIELDS.ruleIndex),
      src_url: alertLink(doc, uid, timestamp, options.kibanaUrl),
    },
    device: deviceOf(doc),
    evidences: evidencesOf(doc),
    metadata: {
      product: compact({ ...ELASTIC_PRODUCT, version: doc.first(...ALERT_FIELDS.kibanaVersion) }),
      uid,
      log_name: doc.string('_index'),
      original_time: doc.first(...ALERT_FIELDS.time),
      correlation_uid: doc.first(...ALERT_FIELDS.groupId),
      labels: firstStrings(ALERT_FIELDS.ruleTags),
    },
    unmapped: unmappedFields(document, MAPPED_ECS_FIELDS),
  };
  return buildEvent('detection_finding', event, {
    source: 'Elastic Security alert',
    record,
    options,
  });
}
