import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';

/**
 * `SecurityAlert` columns of the properties of an ARM alert (`Microsoft.SecurityInsights/entities`
 * of kind `SecurityAlert`, as `incidents/{id}/alerts` and `entities/{id}` return them).
 */
const ARM_PROPERTY_COLUMNS: Readonly<Record<string, string>> = {
  systemAlertId: 'SystemAlertId',
  alertDisplayName: 'DisplayName',
  description: 'Description',
  severity: 'AlertSeverity',
  status: 'Status',
  timeGenerated: 'TimeGenerated',
  startTimeUtc: 'StartTime',
  endTimeUtc: 'EndTime',
  processingEndTime: 'ProcessingEndTime',
  productName: 'ProductName',
  productComponentName: 'ProductComponentName',
  vendorName: 'VendorName',
  alertType: 'AlertType',
  alertLink: 'AlertLink',
  remediationSteps: 'RemediationSteps',
  tactics: 'Tactics',
  techniques: 'Techniques',
  subTechniques: 'SubTechniques',
  compromisedEntity: 'CompromisedEntity',
  confidenceScore: 'ConfidenceScore',
  providerAlertId: 'VendorOriginalId',
  additionalData: 'ExtendedProperties',
};

/**
 * Other names of `SecurityAlert` columns: those of the alert schema that Defender for Cloud's
 * continuous export and workflow automation send (`AlertDisplayName`, `Severity`,
 * `StartTimeUtc`, …). Used only when the table's own column is absent.
 */
const COLUMN_ALIASES: Readonly<Record<string, string>> = {
  AlertDisplayName: 'DisplayName',
  Severity: 'AlertSeverity',
  StartTimeUtc: 'StartTime',
  EndTimeUtc: 'EndTime',
  Intent: 'Tactics',
};

/** True for an ARM alert resource: `{ kind: 'SecurityAlert', properties: { systemAlertId, … } }`. */
export function isArmSentinelAlert(
  record: unknown,
): record is JsonRecord & { properties: JsonRecord } {
  if (!isRecord(record) || !isRecord(record['properties'])) return false;
  const properties = record['properties'];
  return (
    record['kind'] === 'SecurityAlert' ||
    typeof properties['systemAlertId'] === 'string' ||
    typeof properties['alertDisplayName'] === 'string'
  );
}

/**
 * The `SecurityAlert` row of an alert record in any of the shapes Sentinel gives: a Log
 * Analytics row as is (aliased columns renamed), or an ARM alert with its properties renamed to
 * the table's columns; ARM fields without a column keep their names, the resource id becomes
 * `arm_id` (and its name, when it is not the alert id, `arm_name`).
 */
export function securityAlertRow(record: unknown): unknown {
  if (!isRecord(record)) return record;
  if (!isArmSentinelAlert(record)) {
    const row: JsonRecord = { ...record };
    for (const [alias, column] of Object.entries(COLUMN_ALIASES)) {
      if (row[column] === undefined && alias in row) {
        row[column] = row[alias];
        delete row[alias];
      }
    }
    return row;
  }
  const { properties, id, name, ...resource } = record;
  const row: JsonRecord = { ...resource };
  if (typeof id === 'string') row['arm_id'] = id;
  for (const [key, value] of Object.entries(properties))
    row[ARM_PROPERTY_COLUMNS[key] ?? key] = value;
  if (typeof name === 'string') {
    if (row['SystemAlertId'] === undefined) row['SystemAlertId'] = name;
    else if (row['SystemAlertId'] !== name) row['arm_name'] = name;
  }
  return row;
}
