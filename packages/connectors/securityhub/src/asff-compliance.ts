import {
  compact,
  isEmpty,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';

/** OCSF compliance `status_id` by ASFF `Compliance.Status`; `NOT_AVAILABLE` is Other (99). */
const COMPLIANCE_STATUS_IDS: Readonly<Record<string, number>> = {
  PASSED: 1,
  WARNING: 2,
  FAILED: 3,
};

/**
 * True when an ASFF finding is the result of a compliance check: it has a non-empty `Compliance`
 * object (Security Hub CSPM controls, AWS Config rules, partner checks) — a Compliance Finding.
 */
export function isComplianceCheck(finding: RecordReader): boolean {
  const compliance = finding.value('Compliance');
  return !isEmpty(compliance) && typeof compliance === 'object' && !Array.isArray(compliance);
}

/** The id of the control an ASFF compliance finding checks. */
function controlOf(finding: RecordReader): string | undefined {
  return (
    finding.string('Compliance.SecurityControlId') ??
    finding.string('ProductFields.ControlId') ??
    finding.string('ProductFields.RuleId') ??
    finding.string('GeneratorId')
  );
}

/**
 * The standards of an ASFF compliance finding: `Compliance.AssociatedStandards[].StandardsId`
 * (consolidated control findings), else the standard's ARN in `ProductFields`
 * (`StandardsArn`, or `StandardsGuideArn` of CIS 1.2), else the standard named by the
 * `GeneratorId` of a per-standard control (`aws-foundational-security-best-practices/v/1.0.0/…`).
 */
function standardsOf(finding: RecordReader): string[] | undefined {
  const associated = finding
    .objects('Compliance.AssociatedStandards')
    .map((standard) => standard.string('StandardsId'))
    .filter((id): id is string => id !== undefined);
  if (associated.length > 0) return associated;
  const arn =
    finding.string('ProductFields.StandardsArn') ??
    finding.string('ProductFields.StandardsGuideArn');
  if (arn) return [arn];
  const generator = finding.string('GeneratorId')?.match(/^(?:arn:[^/]*\/)?([^/]+\/v\/[^/]+)\//);
  return generator?.[1] ? [generator[1]] : undefined;
}

/**
 * The values of a control parameter: ASFF `ParameterValue` is an object of one typed member
 * (`Enum`, `EnumList`, `Integer`, `IntegerList`, `Double`, `String`, `StringList`, `Boolean`).
 */
function parameterValues(value: unknown): string[] {
  const members = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object'
      ? Object.values(value).flat()
      : [value];
  return members
    .filter((item) => ['string', 'number', 'boolean'].includes(typeof item) && item !== '')
    .map(String);
}

/**
 * OCSF `compliance` of an ASFF finding: the control (`SecurityControlId`, `ControlId`, `RuleId`
 * or `GeneratorId`), its standards, `RelatedRequirements`, the check's status (`PASSED` Pass,
 * `WARNING` Warning, `FAILED` Fail, `NOT_AVAILABLE` Other) with the reasons' codes and texts,
 * and the control's parameters.
 */
export function asffCompliance(finding: RecordReader): OcsfPart {
  const status = finding.string('Compliance.Status');
  const statusId = status === undefined ? 0 : (COMPLIANCE_STATUS_IDS[status.toUpperCase()] ?? 99);
  const reasons = finding.objects('Compliance.StatusReasons');
  const parameters = finding
    .objects('Compliance.SecurityControlParameters')
    .map((parameter) => {
      const name = parameter.string('Name');
      const values = parameterValues(parameter.value('Value'));
      return name && values.length > 0 ? { name, values } : undefined;
    })
    .filter((parameter) => parameter !== undefined);
  return compact({
    control: controlOf(finding),
    standards: standardsOf(finding),
    requirements: finding.strings('Compliance.RelatedRequirements'),
    status_id: statusId,
    // Every status but Other has a caption the builder fills in; Other keeps the vendor's word.
    status: statusId === 99 ? status : undefined,
    status_code: reasons.map((reason) => reason.string('ReasonCode')).find(Boolean),
    status_details: reasons
      .map((reason) => reason.string('Description'))
      .filter((text): text is string => text !== undefined),
    control_parameters: parameters,
  });
}
