import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  type AttackInput,
  attacks,
  buildEvent,
  compact,
  enumAttribute,
  filePart,
  findingActivityId,
  findingStatus,
  type NormalizeOptions,
  type OcsfPart,
  processEvidences,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import { sentineloneDevice } from './normalize-agent.js';

/** `metadata.product` of SentinelOne events. */
export const SENTINELONE_PRODUCT = { name: 'Singularity', vendor_name: 'SentinelOne' } as const;

/** Options of {@link normalizeSentinelOneThreat}. */
export interface NormalizeThreatOptions extends NormalizeOptions {
  /** The console URL, for the threat's link (`finding_info.src_url`). */
  consoleUrl?: string;
}

const MAPPED = new Set([
  'id',
  'threatInfo',
  'agentRealtimeInfo',
  'agentDetectionInfo',
  'indicators',
]);
const INFO_MAPPED = new Set([
  'threatId',
  'threatName',
  'classification',
  'confidenceLevel',
  'createdAt',
  'updatedAt',
  'identifiedAt',
  'incidentStatus',
  'analystVerdict',
  'mitigationStatus',
  'filePath',
  'fileSize',
  'sha1',
  'sha256',
  'md5',
  'originatorProcess',
  'maliciousProcessArguments',
  'processUser',
  'engines',
  'detectionType',
  'storyline',
]);

const STATUS_IDS: Readonly<Record<string, number>> = { unresolved: 1, in_progress: 2, resolved: 4 };
const VERDICT_IDS: Readonly<Record<string, number>> = {
  true_positive: 2,
  false_positive: 1,
  suspicious: 4,
  undefined: 0,
};
const CONFIDENCE: Readonly<Record<string, { severity: number; confidence: number }>> = {
  malicious: { severity: 4, confidence: 3 },
  suspicious: { severity: 3, confidence: 2 },
};

/** The disposition from the mitigation actions taken and the threat's mitigation status. */
function dispositionId(threat: RecordReader, info: RecordReader | undefined): number | undefined {
  const done = threat
    .objects('mitigationStatus')
    .filter((item) => item.string('status') === 'success')
    .map((item) => item.string('action'));
  if (done.includes('rollback-remediation')) return 9;
  if (done.includes('remediate')) return 11;
  if (done.includes('quarantine')) return 3;
  if (done.includes('kill')) return 2;
  if (done.includes('network-quarantine') || done.includes('disconnect')) return 4;
  switch (info?.string('mitigationStatus')) {
    case 'marked_as_benign':
      return 10;
    case 'not_mitigated':
    case 'active':
      return 15;
    default:
      return undefined;
  }
}

function attackInputs(threat: RecordReader): AttackInput[] {
  const inputs: AttackInput[] = [];
  for (const indicator of threat.objects('indicators')) {
    for (const tactic of indicator.objects('tactics')) {
      if (tactic.string('source') && tactic.string('source') !== 'MITRE') continue;
      const techniques = tactic.objects('techniques');
      if (techniques.length === 0) inputs.push({ tacticName: tactic.string('name') });
      for (const technique of techniques) {
        inputs.push({ tacticName: tactic.string('name'), techniqueUid: technique.string('name') });
      }
    }
  }
  return inputs;
}

function processUser(value: string | undefined): OcsfPart | undefined {
  if (!value) return undefined;
  const [domain, name] = value.includes('\\') ? value.split('\\', 2) : [undefined, value];
  return compact({ name, domain });
}

/**
 * Normalises one SentinelOne threat (`GET /web/api/v2.1/threats`) into an OCSF 1.8.0 Detection
 * Finding (class 2004).
 *
 * `confidenceLevel` (malicious, suspicious) sets severity and confidence; `incidentStatus` the
 * status; `analystVerdict` the verdict; the mitigation actions that succeeded (kill, quarantine,
 * remediate, rollback) the disposition; MITRE tactics and techniques of `indicators` become
 * `attacks`; the agent becomes `device`; the threat file and its originating process become
 * `evidences[]`. Other fields go to `unmapped` (top level) or `unmapped.threatInfo`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `threatInfo.updatedAt` / `threatInfo.createdAt`.
 */
export function normalizeSentinelOneThreat(
  record: unknown,
  options: NormalizeThreatOptions = {},
): DetectionFinding & NormalizedEvent {
  const threat = new RecordReader(record);
  const uid = threat.requireString('id');
  const info = threat.object('threatInfo');
  const created = info?.time('createdAt') ?? info?.time('identifiedAt');
  const times = {
    created,
    updated:
      info?.time('updatedAt') ??
      threat.time('updatedAt') ??
      created ??
      threat.requireTime('threatInfo.updatedAt'),
  };
  const status = info?.string('incidentStatus');
  const statusId = status === undefined ? 0 : (STATUS_IDS[status] ?? 99);
  const verdict = info?.string('analystVerdict');
  const level = CONFIDENCE[info?.string('confidenceLevel') ?? ''];
  const device = sentineloneDevice(
    threat.object('agentRealtimeInfo'),
    threat.object('agentDetectionInfo'),
  );
  const user =
    processUser(info?.string('processUser')) ??
    compact({ name: threat.object('agentDetectionInfo')?.string('agentLastLoggedInUserName') });
  const file = filePart({
    path: info?.string('filePath'),
    name: info?.string('threatName'),
    sha1: info?.string('sha1'),
    sha256: info?.string('sha256'),
    md5: info?.string('md5'),
    size: info?.number('fileSize'),
    executable: /\.(exe|dll|scr|com|sys|ps1|bat|sh|bin|elf|app|dylib)$/i.test(
      info?.string('filePath') ?? '',
    ),
  });
  const evidences: OcsfPart[] = [];
  if (file) evidences.push(compact({ file, verdict: info?.string('confidenceLevel') }));
  const originator = info?.string('originatorProcess');
  if (originator) {
    evidences.push(
      ...processEvidences(
        compact({
          name: originator,
          cmd_line: info?.string('maliciousProcessArguments'),
          file: { name: originator, type_id: 1 },
          user: Object.keys(user).length > 0 ? user : undefined,
        }),
      ),
    );
  }
  const engines = info?.strings('engines') ?? [];
  const classification = info?.string('classification');
  const title = info?.string('threatName') ?? uid;
  const disposition = dispositionId(threat, info);
  const rest = threat.rest(MAPPED) ?? {};
  const infoRest = info?.rest(INFO_MAPPED);
  const unmapped = { ...rest, threatInfo: infoRest };
  const consoleUrl = options.consoleUrl?.replace(/\/$/, '');
  const event = {
    activity_id: findingActivityId(statusId === 4, times),
    severity_id: level?.severity ?? 0,
    confidence_id: level?.confidence,
    confidence: level ? undefined : info?.string('confidenceLevel'),
    ...findingStatus(statusId, status),
    ...enumAttribute(
      'verdict',
      verdict === undefined ? undefined : (VERDICT_IDS[verdict] ?? 99),
      verdict,
    ),
    disposition_id: disposition,
    time: times.updated,
    is_alert: true,
    message: [info?.string('confidenceLevel'), classification, 'threat', title]
      .filter(Boolean)
      .join(' '),
    finding_info: {
      uid,
      uid_alt: info?.string('threatId'),
      title,
      desc: classification
        ? `${classification} (${info?.string('detectionType') ?? 'unknown'} detection${engines.length ? ` by ${engines.join(', ')}` : ''})`
        : undefined,
      created_time: created,
      modified_time: info?.time('updatedAt'),
      first_seen_time: info?.time('identifiedAt'),
      types: [classification, info?.string('detectionType')],
      src_url: consoleUrl ? `${consoleUrl}/incidents/threats/${uid}/overview` : undefined,
      attacks: attacks(attackInputs(threat)),
      data_sources: engines,
      related_events: undefined,
    },
    device,
    evidences,
    metadata: {
      product: SENTINELONE_PRODUCT,
      uid,
      profiles: ['security_control', 'incident'],
      original_time: info?.string('updatedAt'),
      correlation_uid: info?.string('storyline'),
    },
    unmapped,
  };
  return buildEvent('detection_finding', event, { source: 'SentinelOne threat', record, options });
}
