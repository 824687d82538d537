import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  findingStatus,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import {
  fieldValues,
  firstOf,
  firstValue,
  requireSplunkTime,
  splunkSeverityId,
} from './splunk-values.js';

/** `metadata.product` of every Splunk event. */
export const SPLUNK_PRODUCT = {
  name: 'Splunk Enterprise Security',
  vendor_name: 'Splunk',
} as const;

/**
 * Notable fields the normaliser maps; the others go to `unmapped`, with those it only reads as a
 * fallback (`status_group`, `risk_object`, `annotations._all`, `source`).
 */
const MAPPED = new Set([
  'event_id',
  'rule_id',
  '_time',
  'rule_title',
  'rule_name',
  'search_name',
  'rule_description',
  'savedsearch_description',
  'description',
  'urgency',
  'status',
  'status_label',
  'status_end',
  'owner',
  'owner_realname',
  'security_domain',
  'src',
  'src_ip',
  'dest',
  'dest_ip',
  'user',
  'src_user',
  'dvc',
  'orig_host',
  'risk_score',
  'annotations.mitre_attack',
  'annotations.mitre_attack.mitre_technique_id',
  'annotations.mitre_attack.mitre_tactic_id',
  'annotations.mitre_attack.mitre_tactic',
  'annotations.mitre_attack.mitre_technique',
  'mitre_technique_id',
  'mitre_tactic_id',
  'mitre_tactic',
]);

/**
 * ES notable statuses (`status`, 0–5 out of the box; custom ones above) → OCSF `status_id`:
 * Unassigned and New are New (1), In Progress 2, Pending Other (99), Resolved and Closed
 * Resolved (4). `status_label` goes to `status_detail`.
 */
const STATUS_IDS: Readonly<Record<string, number>> = {
  '0': 1,
  '1': 1,
  '2': 2,
  '3': 99,
  '4': 4,
  '5': 4,
};

/** Status labels of custom statuses → OCSF `status_id`, by lower-case label. */
const STATUS_LABEL_IDS: Readonly<Record<string, number>> = {
  unassigned: 1,
  new: 1,
  'in progress': 2,
  pending: 99,
  resolved: 4,
  closed: 4,
};

/** ES 7+ status groups (`status_group`: New, Open, Closed) → OCSF `status_id`. */
const STATUS_GROUP_IDS: Readonly<Record<string, number>> = {
  new: 1,
  open: 2,
  resolved: 4,
  closed: 4,
};

/** An ATT&CK technique id, `T1059` or `T1059.001`. */
const TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/i;

/** The values of a field, single- or multi-valued. */
const values = fieldValues;

/** The first value of a field, single- or multi-valued. */
const first = firstValue;

/**
 * An OCSF endpoint from the values of a CIM `src`/`dest` field (IPs and host names, single- or
 * multi-valued) and of its `_ip` field: the first IP and the first host name.
 */
function endpoint(record: JsonRecord, field: string): OcsfPart | undefined {
  const names = values(record, field);
  const ip = [...values(record, `${field}_ip`), ...names].map(validIp).find(Boolean);
  const hostname = names.find((name) => !validIp(name));
  return ip || hostname ? compact({ ip, hostname }) : undefined;
}

/**
 * A rule title with its `$field$` tokens replaced by the notable's values, as Incident Review
 * shows it; tokens naming absent fields stay.
 */
function expandTitle(title: string, record: JsonRecord): string {
  return title.replace(/\$([\w.:]+)\$/g, (token, field: string) => first(record, field) ?? token);
}

/**
 * ATT&CK of a notable: the technique ids of `annotations.mitre_attack` (ES 7+; multi-valued),
 * `annotations.mitre_attack.mitre_technique_id`, `annotations._all` (every annotation, of which
 * the technique ids are kept) and the `mitre_technique_id` of risk-based notables, with the
 * tactic ids of `…mitre_tactic_id` when there is exactly one.
 */
function notableAttacks(record: JsonRecord): OcsfPart[] | undefined {
  const techniques = [
    ...new Set(
      [
        ...values(record, 'annotations.mitre_attack'),
        ...values(record, 'annotations.mitre_attack.mitre_technique_id'),
        ...values(record, 'mitre_technique_id'),
        ...values(record, 'annotations._all'),
      ]
        .map((id) => id.trim().toUpperCase())
        .filter((id) => TECHNIQUE_ID.test(id)),
    ),
  ];
  const tactics = [
    ...values(record, 'annotations.mitre_attack.mitre_tactic_id'),
    ...values(record, 'mitre_tactic_id'),
  ];
  const tacticNames = [
    ...values(record, 'annotations.mitre_attack.mitre_tactic'),
    ...values(record, 'mitre_tactic'),
  ];
  const single = tactics.length === 1;
  const tacticUid = single ? tactics[0] : undefined;
  const tacticName = single ? tacticNames[0] : undefined;
  return attacks([
    ...techniques.map((techniqueUid) => ({ techniqueUid, tacticUid, tacticName })),
    // several tactics are not paired with techniques by ES: each stands alone
    ...(techniques.length === 0 || !single
      ? tactics.map((uid, index) => ({ tacticUid: uid, tacticName: tacticNames[index] }))
      : []),
  ]);
}

/** OCSF `status_id` of a notable's `status` code, `status_label` and `status_group`. */
function notableStatusId(
  code: string | undefined,
  label: string | undefined,
  group: string | undefined,
): number {
  const known =
    (code === undefined ? undefined : STATUS_IDS[code]) ??
    (label ? STATUS_LABEL_IDS[label.toLowerCase()] : undefined);
  if (known !== undefined) return known;
  // a custom status: its label is kept, its group says where it stands
  if (code === undefined && label === undefined) {
    return group ? (STATUS_GROUP_IDS[group.toLowerCase()] ?? 0) : 0;
  }
  return 99;
}

/** Options of {@link normalizeSplunkNotable}. */
export interface SplunkNotableOptions extends NormalizeOptions {
  /** Splunk Web's base URL: the finding links to the notable in Incident Review. */
  webUrl?: string;
}

/**
 * The stable id of a notable: `event_id`, else `rule_id`, else the id the `notable` macro would
 * give it (`<indexer_guid>@@<index>@@<event_hash>`), else its bucket and address.
 */
export function notableId(record: JsonRecord): string | undefined {
  const id = first(record, 'event_id') ?? first(record, 'rule_id');
  if (id) return id;
  // the `notable` macro's event_id: indexer guid, index and event hash
  const guid = first(record, 'indexer_guid');
  const hash = first(record, 'event_hash');
  if (guid && hash) return `${guid}@@${first(record, 'index') ?? 'notable'}@@${hash}`;
  const bucket = first(record, '_bkt');
  const address = first(record, '_cd');
  if (bucket && address) return `${bucket}:${address}`;
  // the correlation search's job and the result's row in it
  const sid = first(record, 'orig_sid');
  const row = first(record, 'orig_rid');
  return sid && row ? `${sid}@@${row}` : undefined;
}

/** The Incident Review URL of a notable. */
export function incidentReviewUrl(webUrl: string, eventId: string): string {
  const url = new URL('/en-US/app/SplunkEnterpriseSecuritySuite/incident_review', webUrl);
  url.searchParams.set('earliest', '0');
  url.searchParams.set('search', `event_id="${eventId}"`);
  return url.toString();
}

/**
 * Normalises one Enterprise Security notable event (a result of `search index=notable` or of
 * the `` `notable` `` macro) into an OCSF 1.8.0 Detection Finding (class 2004).
 *
 * `event_id` is `finding_info.uid` and `metadata.uid`; `rule_title` / `rule_name` /
 * `search_name` / `source` the title and analytic; `urgency` (else `severity`; a name or a
 * number) the severity; `status` (with `status_label`, `status_group`) the status, a closed one
 * (`status_end`) a Close activity; `owner` the assignee; `security_domain` the finding type;
 * `src`, `dest`, `user` an evidence; `dest` (or `orig_host`, `dvc`, a system `risk_object`) the
 * device; `annotations.mitre_attack*`, `annotations._all` and `mitre_*` ATT&CK; `risk_score` the
 * risk score; with a `webUrl`, `src_url` links to Incident Review. `_time` may be ISO 8601, epoch
 * seconds or a date with a zone name; multi-valued fields count by their first value. Other
 * fields go to `unmapped`.
 *
 * @throws {NormalizationError} naming the field when the record has no id or no time (`_time`,
 *   else `_indextime`), or does not make a valid event.
 */
export function normalizeSplunkNotable(
  record: unknown,
  options: SplunkNotableOptions = {},
): DetectionFinding & NormalizedEvent {
  const notable = new RecordReader(record);
  const raw = notable.record;
  const uid = notableId(raw) ?? notable.requireString('event_id');
  // `_time` is when the correlation search made the notable; without it, when it was indexed
  const time = requireSplunkTime(raw, ['_time', '_indextime']);
  const ruleName = firstOf(raw, ['rule_name', 'search_name', 'source']);
  const ruleTitle = first(raw, 'rule_title');
  const title = ruleTitle ? expandTitle(ruleTitle, raw) : (ruleName ?? `Splunk notable ${uid}`);
  // urgency is computed by ES from the rule's severity and the asset's priority: without the
  // `notable` macro only the severity is there
  const urgency = firstOf(raw, ['urgency', 'severity']);
  const severityId = splunkSeverityId(urgency);
  const statusCode = first(raw, 'status');
  const statusLabel = first(raw, 'status_label');
  const statusGroup = first(raw, 'status_group');
  const statusId = notableStatusId(statusCode, statusLabel, statusGroup);
  const closed =
    first(raw, 'status_end')?.toLowerCase() === 'true' ||
    statusCode === '5' ||
    (statusCode === undefined &&
      [statusLabel, statusGroup].some((word) => word?.toLowerCase() === 'closed'));
  const owner = first(raw, 'owner');
  const domain = first(raw, 'security_domain');
  // a risk-based notable names its risk object: a user or a system
  const riskObject = first(raw, 'risk_object');
  const riskObjectType = first(raw, 'risk_object_type')?.toLowerCase();
  const user =
    first(raw, 'user') ?? (riskObject && riskObjectType === 'user' ? riskObject : undefined);
  const srcUser = first(raw, 'src_user');
  const src = endpoint(raw, 'src');
  const dest = endpoint(raw, 'dest');
  const affected =
    dest ??
    endpoint(raw, 'orig_host') ??
    endpoint(raw, 'dvc') ??
    (riskObject && riskObjectType === 'system' ? endpoint(raw, 'risk_object') : undefined);
  const device = affected ? { ...affected, type_id: 0 } : undefined;
  const deviceName = (affected?.['hostname'] ?? affected?.['ip']) as string | undefined;
  const actorUser = user ?? srcUser;
  const commandLine = first(raw, 'process');
  const pidText = first(raw, 'process_id');
  const pid = pidText && /^\d+$/.test(pidText) ? Number(pidText) : undefined;
  const evidence = compact({
    src_endpoint: src,
    dst_endpoint: dest,
    actor: actorUser ? { user: { name: actorUser } } : undefined,
    // OCSF needs a process id; without one the command line stays in unmapped
    process:
      pid !== undefined && Number.isSafeInteger(pid)
        ? compact({ pid, cmd_line: commandLine, name: first(raw, 'process_name') })
        : undefined,
  });
  // ES writes the score as a string; a multi-valued one (risk notables) counts by its first
  const riskText = first(raw, 'risk_score')?.trim();
  const riskScore =
    riskText && /^[+-]?\d+(\.\d+)?$/.test(riskText) ? Math.round(Number(riskText)) : undefined;
  const desc =
    first(raw, 'rule_description') ??
    first(raw, 'savedsearch_description') ??
    first(raw, 'description');
  return buildEvent(
    'detection_finding',
    {
      activity_id: closed ? 3 : 1,
      severity_id: severityId,
      ...(severityId === 99 && urgency ? { severity: urgency } : {}),
      ...findingStatus(statusId, statusLabel),
      time,
      is_alert: true,
      message: deviceName && !title.includes(deviceName) ? `${title} on ${deviceName}` : title,
      risk_score:
        riskScore !== undefined && Number.isSafeInteger(riskScore) ? riskScore : undefined,
      assignee:
        owner && owner !== 'unassigned'
          ? compact({ name: owner, full_name: first(raw, 'owner_realname') })
          : undefined,
      finding_info: {
        uid,
        title,
        desc,
        created_time: time,
        types: domain ? [domain] : undefined,
        attacks: notableAttacks(raw),
        analytic: compact({
          uid: first(raw, 'rule_id') === uid ? undefined : first(raw, 'rule_id'),
          name: ruleName ?? title,
          type_id: 1,
          category: domain,
        }),
        src_url: options.webUrl ? incidentReviewUrl(options.webUrl, uid) : undefined,
      },
      device,
      evidences: Object.keys(evidence).length > 0 ? [evidence] : undefined,
      metadata: {
        product: SPLUNK_PRODUCT,
        uid,
        original_time: first(raw, '_time'),
      },
      unmapped: notable.rest(MAPPED),
    },
    { source: 'Splunk notable', record, options },
  );
}
