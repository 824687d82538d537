import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  type EventInput,
  enumAttribute,
  findingActivityId,
  findingStatus,
  findingTimes,
  isRecord,
  type NormalizeOptions,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { ComplianceFinding, DetectionFinding, VulnerabilityFinding } from '@openmdr/core';
import {
  asffAttacks,
  asffCloud,
  asffConfidence,
  asffRemediation,
  asffResources,
  asffSeverity,
  asffWorkflow,
  consoleUrl,
  optionalTime,
} from './asff-common.js';
import { asffCompliance, isComplianceCheck } from './asff-compliance.js';
import { asffEvidences, asffObservables } from './asff-evidence.js';
import { asffVulnerabilities } from './asff-vulnerability.js';

/**
 * `metadata.product` of every event of an ASFF finding: Security Hub, by AWS, as Amazon Security
 * Lake names it; the product that found it (`ProductName`) is the feature and
 * `finding_info.product`.
 */
export const SECURITYHUB_PRODUCT = { name: 'Security Hub', vendor_name: 'AWS' } as const;

/** The OCSF event of one ASFF finding: a Compliance, Vulnerability or Detection Finding. */
export type AsffFindingEvent = (ComplianceFinding | VulnerabilityFinding | DetectionFinding) &
  NormalizedEvent;

/** ASFF attributes the normaliser maps; every other one stays in `unmapped`. */
const MAPPED: ReadonlySet<string> = new Set([
  'Id',
  'ProductArn',
  'ProductName',
  'CompanyName',
  'Region',
  'GeneratorId',
  'AwsAccountId',
  'AwsAccountName',
  'Types',
  'FirstObservedAt',
  'LastObservedAt',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Confidence',
  'Title',
  'Description',
  'Remediation',
  'SourceUrl',
  'Resources',
  'Compliance',
  'Vulnerabilities',
  'Workflow',
  'WorkflowState',
  'Network',
  'Process',
  'ThreatIntelIndicators',
]);

/** The OCSF class of an ASFF finding, by what it describes. */
function classOf(finding: RecordReader): 'vulnerability' | 'compliance' | 'detection' {
  if (
    finding
      .objects('Vulnerabilities')
      .some((item) => item.string('Id') !== undefined || item.array('CodeVulnerabilities').length)
  )
    return 'vulnerability';
  return isComplianceCheck(finding) ? 'compliance' : 'detection';
}

/**
 * Normalises one ASFF finding (AWS Security Finding Format, as `GetFindings` returns it and
 * EventBridge delivers it) to OCSF 1.8.0, choosing the class as Amazon Security Lake does:
 *
 * - a finding with `Vulnerabilities` (Amazon Inspector package and code vulnerabilities) is a
 *   Vulnerability Finding (2002) with a `vulnerabilities[]` item per CVE / advisory / CWE;
 * - else a finding with `Compliance` (Security Hub CSPM controls of FSBP, CIS, PCI DSS, NIST;
 *   AWS Config rules) is a Compliance Finding (2003) with the control, standards, requirements
 *   and the check's status;
 * - every other finding (GuardDuty, Macie, IAM Access Analyzer, Inspector network reachability,
 *   partner products) is a Detection Finding (2004), ATT&CK tactics taken from `TTPs/…` types.
 *
 * Common to all: `finding_info` (id, title, description, types, times, `GeneratorId` as the
 * analytic, the producing product, `SourceUrl` or the Security Hub console link), severity
 * (`Severity.Label`, `Normalized` as fallback), confidence, status (`Workflow.Status`,
 * `RecordState`), `resources`, `cloud`, `remediation`, evidences (`Network`, `Process`,
 * `Action`) and observables (`ThreatIntelIndicators`, network addresses). `ProductFields`,
 * `UserDefinedFields` and every other attribute stay in `unmapped`. Pure.
 *
 * @throws {NormalizationError} naming the field when the finding has no `Id`, neither
 *   `UpdatedAt` nor `CreatedAt`, a malformed time, or does not make a valid event.
 */
export function normalizeAsffFinding(
  record: unknown,
  options: NormalizeOptions = {},
): AsffFindingEvent {
  const finding = new RecordReader(record);
  const uid = finding.requireString('Id');
  const times = findingTimes(finding, 'CreatedAt', 'UpdatedAt');
  const title = finding.string('Title') ?? uid;
  const severity = asffSeverity(finding);
  const workflow = asffWorkflow(finding);
  const kind = classOf(finding);
  const region = finding.string('Region') ?? finding.objects('Resources')[0]?.string('Region');
  const productName =
    finding.string('ProductName') ?? finding.string('ProductFields.aws/securityhub/ProductName');
  const types = finding.strings('Types');
  const generator = finding.string('GeneratorId');
  const compliance = kind === 'compliance' ? asffCompliance(finding) : undefined;
  const complianceStatus = compliance?.['status_id'];
  // Vulnerability Finding has no class-level remediation: each vulnerability carries it.
  const remediation = asffRemediation(finding);
  const vulnerabilities =
    kind === 'vulnerability'
      ? asffVulnerabilities(finding)?.map((item) => (remediation ? { ...item, remediation } : item))
      : undefined;
  const input: EventInput = {
    activity_id: findingActivityId(workflow.closed, times),
    ...enumAttribute('severity', severity.id, severity.label),
    ...findingStatus(workflow.statusId, workflow.status),
    time: times.updated,
    message: title,
    is_alert: kind === 'compliance' ? complianceStatus === 2 || complianceStatus === 3 : true,
    ...asffConfidence(finding),
    finding_info: {
      uid,
      title,
      desc: finding.string('Description'),
      types: types.length > 0 ? types : undefined,
      created_time: times.created,
      modified_time: finding.time('UpdatedAt'),
      first_seen_time: optionalTime(finding, 'FirstObservedAt'),
      last_seen_time: optionalTime(finding, 'LastObservedAt'),
      analytic: generator ? { uid: generator, type_id: 1 } : undefined,
      product: {
        name: productName,
        vendor_name: finding.string('CompanyName'),
        uid: finding.string('ProductArn'),
      },
      src_url: finding.string('SourceUrl') ?? consoleUrl(uid, region),
      attacks: kind === 'detection' ? asffAttacks(types) : undefined,
    },
    cloud: asffCloud(finding),
    resources: asffResources(finding),
    remediation: kind === 'vulnerability' ? undefined : remediation,
    evidences: kind === 'vulnerability' ? undefined : asffEvidences(finding),
    observables: asffObservables(finding),
    compliance,
    vulnerabilities,
    metadata: {
      product: {
        ...SECURITYHUB_PRODUCT,
        feature: productName ? { name: productName } : undefined,
      },
      uid,
      original_time: finding.string('UpdatedAt') ?? finding.string('CreatedAt'),
    },
    unmapped: finding.rest(MAPPED),
  };
  const from = { source: 'AWS Security Hub finding', record, options };
  if (kind === 'vulnerability') return buildEvent('vulnerability_finding', input, from);
  if (kind === 'compliance') return buildEvent('compliance_finding', input, from);
  return buildEvent('detection_finding', input, from);
}

/**
 * The ASFF findings of a record as Security Hub hands them out: a `GetFindings` response
 * (`{"Findings": […], "NextToken": …}`), an EventBridge event (`"detail-type": "Security Hub
 * Findings - Imported"` or `- Custom Action`, `detail.findings[]`) or its `detail` alone
 * (`{"findings": […]}`), a `BatchImportFindings` request body, an array of findings, or one
 * finding.
 */
export function asffFindingsOf(record: unknown): unknown[] {
  if (Array.isArray(record)) return record;
  if (!isRecord(record)) return [record];
  if (Array.isArray(record['Findings'])) return record['Findings'];
  // The `detail` of an EventBridge event on its own, as some tools store it.
  if (Array.isArray(record['findings']) && Object.keys(record).length === 1)
    return record['findings'];
  const detail = record['detail'];
  if (
    typeof record['detail-type'] === 'string' &&
    isRecord(detail) &&
    Array.isArray(detail['findings'])
  )
    return detail['findings'];
  return [record];
}

/** True when a record looks like one ASFF finding: an `Id` with `ProductArn` or `SchemaVersion`. */
export function isAsffFinding(record: unknown): boolean {
  return (
    isRecord(record) &&
    typeof record['Id'] === 'string' &&
    (typeof record['ProductArn'] === 'string' || typeof record['SchemaVersion'] === 'string')
  );
}

/**
 * Normalises every finding of a `GetFindings` response, an EventBridge event or a single finding
 * ({@link asffFindingsOf}): one OCSF event per finding, in order.
 *
 * @throws {NormalizationError} for the first finding {@link normalizeAsffFinding} refuses.
 */
export function normalizeAsffFindings(
  record: unknown,
  options: NormalizeOptions = {},
): AsffFindingEvent[] {
  return asffFindingsOf(record).map((finding) => normalizeAsffFinding(finding, options));
}
