import {
  type AttackInput,
  attacks,
  compact,
  type OcsfPart,
  part,
  type RecordReader,
  type SeverityIdValue,
  severityIdOf,
  tacticOf,
} from '@openmdr/connector-kit/normalize';

/**
 * OCSF `severity_id` of an ASFF finding: `Severity.Label` (`INFORMATIONAL` … `CRITICAL`), else
 * `FindingProviderFields.Severity.Label`, else the documented ranges of `Severity.Normalized`
 * (0 informational, 1–39 low, 40–69 medium, 70–89 high, 90–100 critical); 0 when none is given.
 */
export function asffSeverity(finding: RecordReader): { id: SeverityIdValue; label?: string } {
  const label =
    finding.string('Severity.Label') ?? finding.string('FindingProviderFields.Severity.Label');
  if (label !== undefined) return { id: severityIdOf(label), label };
  const normalized = finding.number('Severity.Normalized');
  if (normalized === undefined || normalized < 0 || normalized > 100) return { id: 0 };
  if (normalized === 0) return { id: 1 };
  if (normalized < 40) return { id: 2 };
  if (normalized < 70) return { id: 3 };
  if (normalized < 90) return { id: 4 };
  return { id: 5 };
}

/** OCSF finding `status_id` by ASFF `Workflow.Status`. */
const WORKFLOW_STATUS_IDS: Readonly<Record<string, number>> = {
  NEW: 1,
  NOTIFIED: 2,
  SUPPRESSED: 3,
  RESOLVED: 4,
};

/** The workflow of an ASFF finding: its OCSF status, its word, and whether it is closed. */
export interface AsffWorkflow {
  /** OCSF `status_id`: New, In Progress (NOTIFIED), Suppressed, Resolved, Archived or Other. */
  readonly statusId: number;
  /** The vendor's word: `Workflow.Status` (or the legacy `WorkflowState`). */
  readonly status: string | undefined;
  /** True once resolved, suppressed or archived (`RecordState` `ARCHIVED`): a Close activity. */
  readonly closed: boolean;
}

/**
 * The workflow of an ASFF finding. `Workflow.Status` gives the status (legacy `WorkflowState`
 * as fallback); an `ARCHIVED` record that was never resolved nor suppressed is Archived (5).
 */
export function asffWorkflow(finding: RecordReader): AsffWorkflow {
  const status = finding.string('Workflow.Status') ?? finding.string('WorkflowState');
  const archived = finding.string('RecordState')?.toUpperCase() === 'ARCHIVED';
  let statusId = status === undefined ? 0 : (WORKFLOW_STATUS_IDS[status.toUpperCase()] ?? 99);
  if (archived && statusId !== 3 && statusId !== 4) statusId = 5;
  return { statusId, status, closed: archived || statusId === 3 || statusId === 4 };
}

/** ATT&CK tactics by the ASFF `TTPs/…` and `Effects/…` category names that differ from ATT&CK's. */
const TACTIC_ALIASES: Readonly<Record<string, string>> = {
  'data exfiltration': 'Exfiltration',
  'initial access': 'Initial Access',
  'resource consumption': 'Impact',
  'data destruction': 'Impact',
};

/**
 * ATT&CK tactics of the finding types: `TTPs/<tactic>/…` (the ASFF namespace of tactics,
 * techniques and procedures), `Effects/Data Exfiltration`, and the threat purpose GuardDuty
 * puts before the colon of its finding type (`…/Persistence:IAMUser-NetworkPermissions`,
 * `…/DefenseEvasion:EC2-UnusualDNSResolver`) when it names a tactic. Other namespaces and
 * unknown categories give none.
 */
export function asffAttacks(types: readonly string[]): OcsfPart[] | undefined {
  const inputs: AttackInput[] = [];
  for (const type of types) {
    const segments = type.split('/');
    const [namespace, category] = segments;
    if (
      category !== undefined &&
      (namespace === 'TTPs' || (namespace === 'Effects' && /exfiltration/i.test(category)))
    ) {
      const tactic = tacticOf(TACTIC_ALIASES[category.trim().toLowerCase()] ?? category);
      if (tactic) inputs.push(tactic);
    }
    const purpose = /^([A-Za-z]+):/.exec(segments[segments.length - 1] ?? '')?.[1];
    const tactic = tacticOf(purpose);
    if (tactic) inputs.push(tactic);
  }
  return attacks(inputs);
}

/**
 * The Security Hub console page of a finding, for findings without a `SourceUrl`: the findings
 * view filtered on the finding's id, in its Region.
 */
export function consoleUrl(id: string, region: string | undefined): string | undefined {
  if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) return undefined;
  const filter = encodeURIComponent(`Id=\\operator\\:EQUALS\\:${id}`);
  return `https://${region}.console.aws.amazon.com/securityhub/home?region=${region}#/findings?search=${filter}`;
}

/** OCSF `role_id` of a resource by ASFF `ResourceRole`. */
const RESOURCE_ROLE_IDS: Readonly<Record<string, number>> = { TARGET: 1, ACTOR: 2 };

/**
 * OCSF `resources` of an ASFF finding: each `Resources[]` item's `Id` (the ARN) as `uid`,
 * `Type`, `Partition`, `Region`, `ResourceRole`, `Tags` as key/value tags, and `Details` (with
 * Macie's `DataClassification` and the `ApplicationName` / `ApplicationArn` of the resource, when
 * given) as `data`. Items without an `Id` are dropped.
 */
export function asffResources(finding: RecordReader): OcsfPart[] | undefined {
  const out: OcsfPart[] = [];
  for (const resource of finding.objects('Resources')) {
    const uid = resource.string('Id');
    if (uid === undefined) continue;
    const role = resource.string('ResourceRole');
    const tags = resource.object('Tags');
    out.push(
      compact({
        uid,
        name: nameOfArn(uid),
        type: resource.string('Type'),
        cloud_partition: resource.string('Partition'),
        region: resource.string('Region'),
        role_id: role === undefined ? undefined : (RESOURCE_ROLE_IDS[role.toUpperCase()] ?? 99),
        role: role !== undefined && !RESOURCE_ROLE_IDS[role.toUpperCase()] ? role : undefined,
        tags: tags
          ? Object.keys(tags.record)
              .map((name) => ({ name, value: tags.string(name) }))
              .filter((tag) => tag.value !== undefined)
          : undefined,
        data: part({
          ...resource.object('Details')?.record,
          DataClassification: resource.value('DataClassification'),
          ApplicationName: resource.string('ApplicationName'),
          ApplicationArn: resource.string('ApplicationArn'),
        }),
      }),
    );
  }
  return out.length > 0 ? out : undefined;
}

/** The last segment of an ARN (`i-0abc…` of `…:instance/i-0abc…`); `undefined` for other ids. */
function nameOfArn(uid: string): string | undefined {
  if (!uid.startsWith('arn:')) return undefined;
  const resource = uid.split(':').slice(5).join(':');
  const name = resource.split(/[/:]/).pop();
  return name && name !== resource ? name : undefined;
}

/**
 * OCSF `cloud` of an ASFF finding: AWS, the finding's `Region` (else its first resource's), the
 * `AwsAccountId` / `AwsAccountName` account and the first resource's partition.
 */
export function asffCloud(finding: RecordReader): OcsfPart {
  const [first] = finding.objects('Resources');
  return compact({
    provider: 'AWS',
    region: finding.string('Region') ?? first?.string('Region'),
    cloud_partition: first?.string('Partition'),
    account: part({
      uid: finding.string('AwsAccountId'),
      name: finding.string('AwsAccountName'),
      type_id: finding.string('AwsAccountId') ? 10 : undefined,
    }),
  });
}

/**
 * OCSF `remediation` of `Remediation.Recommendation`: its `Text` as `desc` (the URL when there is
 * no text) and its `Url` in `references`.
 */
export function asffRemediation(finding: RecordReader): OcsfPart | undefined {
  const text = finding.string('Remediation.Recommendation.Text');
  const url = finding.string('Remediation.Recommendation.Url');
  const desc = text ?? url;
  return desc === undefined ? undefined : compact({ desc, references: url ? [url] : undefined });
}

/**
 * OCSF `confidence_score` and `confidence_id` of ASFF `Confidence` (0–100, the finding
 * provider's when the top-level one is absent): Low below 40, Medium below 70, High above.
 */
export function asffConfidence(finding: RecordReader): OcsfPart {
  const score = finding.number('Confidence') ?? finding.number('FindingProviderFields.Confidence');
  if (score === undefined || score < 0 || score > 100) return {};
  const rounded = Math.round(score);
  return { confidence_score: rounded, confidence_id: rounded < 40 ? 1 : rounded < 70 ? 2 : 3 };
}

/**
 * An optional time of an ASFF finding as epoch milliseconds: `undefined` when it is absent or
 * malformed, so that a bad secondary timestamp does not cost the whole finding.
 */
export function optionalTime(reader: RecordReader | undefined, path: string): number | undefined {
  try {
    return reader?.time(path);
  } catch {
    return undefined;
  }
}
