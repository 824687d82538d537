import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  compact,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  part,
  RecordReader,
  severityIdOf,
  tacticOf,
  withRawData,
} from '@openmdr/connector-kit/normalize';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import {
  accountUser,
  DEFENDER_XDR_PRODUCT,
  defenderFile,
  findingStatusId,
  verdictId,
} from './defender-parts.js';

const MAPPED = new Set([
  'id',
  'title',
  'description',
  'severity',
  'status',
  'classification',
  'category',
  'createdDateTime',
  'lastUpdateDateTime',
  'firstActivityDateTime',
  'lastActivityDateTime',
  'resolvedDateTime',
  'mitreTechniques',
  'evidence',
  'alertWebUrl',
  'recommendedActions',
  'serviceSource',
  'detectionSource',
  'detectorId',
  'incidentId',
  'productName',
]);

function graphDevice(item: RecordReader): OcsfPart | undefined {
  const uid = item.string('mdeDeviceId') ?? item.string('azureAdDeviceId');
  const hostname = item.string('deviceDnsName') ?? item.string('hostName');
  if (!uid && !hostname) return undefined;
  const ips = item.objects('ipInterfaces');
  return compact({
    uid,
    uid_alt: item.string('azureAdDeviceId'),
    hostname,
    ip: item.strings('ipInterfaces')[0] ?? ips[0]?.string('ipAddress'),
    os: osPart({
      name: item.string('osPlatform'),
      version: item.string('version'),
      build: item.string('osBuild'),
    }),
    type_id: 0,
  });
}

function graphProcess(item: RecordReader): OcsfPart | undefined {
  const pid = item.number('processId');
  const file = defenderFile(item.object('imageFile'));
  if (pid === undefined) return undefined;
  const parentPid = item.number('parentProcessId');
  const parentFile = defenderFile(item.object('parentProcessImageFile'));
  return compact({
    pid,
    name: file?.['name'],
    cmd_line: item.string('processCommandLine'),
    created_time: item.time('processCreationDateTime'),
    file,
    user: accountUser(item.object('userAccount')),
    parent_process:
      parentPid === undefined
        ? undefined
        : compact({
            pid: parentPid,
            name: parentFile?.['name'],
            created_time: item.time('parentProcessCreationDateTime'),
            file: parentFile,
          }),
  });
}

/** One Graph evidence (`@odata.type` `#microsoft.graph.security.<kind>Evidence`) as OCSF evidence. */
function evidenceOf(item: RecordReader): OcsfPart | undefined {
  const type = item.record['@odata.type'];
  const kind =
    /security\.(\w+)Evidence$/.exec(typeof type === 'string' ? type : '')?.[1] ?? 'unknown';
  const verdict = item.string('verdict');
  const base = { name: kind, ...(verdict ? { verdict } : {}) };
  switch (kind) {
    case 'device': {
      const device = graphDevice(item);
      return device ? { ...base, device } : undefined;
    }
    case 'process': {
      const process = graphProcess(item);
      if (process) return { ...base, process };
      const file = defenderFile(item.object('imageFile'));
      return file ? { ...base, file } : undefined;
    }
    case 'file': {
      const file = defenderFile(item.object('fileDetails'));
      return file ? { ...base, file } : undefined;
    }
    case 'user': {
      const user = accountUser(item.object('userAccount'));
      return user ? { ...base, user } : undefined;
    }
    case 'ip':
      return item.string('ipAddress')
        ? {
            ...base,
            dst_endpoint: compact({
              ip: item.string('ipAddress'),
              location: part({ country: item.string('countryLetterCode') }),
            }),
          }
        : undefined;
    case 'url':
      return item.string('url') ? { ...base, url: { url_string: item.string('url') } } : undefined;
    case 'mailbox':
    case 'analyzedMessage': {
      const address = item.string('primaryAddress') ?? item.string('recipientEmailAddress');
      return address
        ? {
            ...base,
            user: compact({ email_addr: address, name: item.string('displayName') ?? address }),
          }
        : undefined;
    }
    default: {
      const data = item.rest(new Set(['@odata.type']));
      return data ? { ...base, data } : undefined;
    }
  }
}

/**
 * Normalises one Microsoft Defender XDR alert (Microsoft Graph `security/alerts_v2`) into an
 * OCSF 1.8.0 Detection Finding (class 2004).
 *
 * Graph alerts come from every Defender product (`serviceSource`: Endpoint, Identity, Office
 * 365, Cloud Apps, Entra ID Protection, …). `severity`, `status` and `classification` map to
 * `severity_id`, `status_id` and `verdict_id`; `category` and `mitreTechniques` to `attacks`;
 * `alertWebUrl` to `finding_info.src_url`; `recommendedActions` to `remediation`; evidence
 * (device, process, file, user, IP, URL, mailbox, other) to `evidences[]` — the first device
 * evidence is also the finding's `device`. Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not an
 *   object, has no `id`, or no `lastUpdateDateTime` / `createdDateTime`.
 */
export function normalizeDefenderGraphAlert(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const alert = new RecordReader(record);
  const uid = alert.requireString('id');
  const created = alert.time('createdDateTime');
  const updated =
    alert.time('lastUpdateDateTime') ?? created ?? alert.requireTime('lastUpdateDateTime');
  const status = alert.string('status');
  const statusId = findingStatusId(status);
  const classification = alert.string('classification');
  const verdict = verdictId(classification);
  const tactic = tacticOf(alert.string('category'));
  const techniques = alert.strings('mitreTechniques');
  const evidences = alert
    .objects('evidence')
    .map(evidenceOf)
    .filter((evidence): evidence is OcsfPart => evidence !== undefined);
  const device = evidences.find((evidence) => evidence['device'])?.['device'] as
    | OcsfPart
    | undefined;
  const title = alert.string('title') ?? uid;
  const unmapped = alert.rest(MAPPED);
  const event = {
    activity_id: statusId === 4 ? 3 : created !== undefined && created === updated ? 1 : 2,
    severity_id: severityIdOf(alert.string('severity')),
    status_id: statusId,
    ...(statusId === 99 && status ? { status } : {}),
    ...(status ? { status_detail: status } : {}),
    ...(verdict === undefined ? {} : { verdict_id: verdict }),
    ...(verdict === 99 ? { verdict: classification } : {}),
    time: updated,
    is_alert: true,
    message: alert.string('description') ?? title,
    finding_info: compact({
      uid,
      title,
      desc: alert.string('description'),
      created_time: created,
      modified_time: alert.time('lastUpdateDateTime'),
      first_seen_time: alert.time('firstActivityDateTime'),
      last_seen_time: alert.time('lastActivityDateTime'),
      types: [
        alert.string('category'),
        alert.string('serviceSource'),
        alert.string('detectionSource'),
      ],
      src_url: alert.string('alertWebUrl'),
      product:
        (alert.string('productName') ?? alert.string('serviceSource'))
          ? {
              name: alert.string('productName') ?? alert.string('serviceSource'),
              vendor_name: 'Microsoft',
            }
          : undefined,
      attacks: attacks(
        techniques.length
          ? techniques.map((techniqueUid) => ({ ...tactic, techniqueUid }))
          : tactic
            ? [tactic]
            : [],
      ),
      analytic: alert.string('detectorId')
        ? compact({
            uid: alert.string('detectorId'),
            type_id: 0,
            category: alert.string('detectionSource'),
          })
        : undefined,
    }),
    ...(alert.string('recommendedActions')
      ? { remediation: { desc: alert.string('recommendedActions') } }
      : {}),
    ...(device ? { device } : {}),
    ...(evidences.length > 0 ? { evidences } : {}),
    ...(alert.time('resolvedDateTime') ? { end_time: alert.time('resolvedDateTime') } : {}),
    metadata: compact({
      product: DEFENDER_XDR_PRODUCT,
      uid,
      profiles: ['security_control', 'incident'],
      original_time: alert.string('lastUpdateDateTime'),
      event_code: alert.string('serviceSource'),
      correlation_uid: alert.string('incidentId'),
    }),
    ...(unmapped ? { unmapped } : {}),
  };
  return withRawData(
    ocsf.detectionFinding(event as unknown as Parameters<typeof ocsf.detectionFinding>[0]),
    record,
    options,
  );
}
