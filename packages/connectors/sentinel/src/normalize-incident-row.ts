import { isRecord, type JsonRecord } from '@openmdr/connector-kit/normalize';
import { jsonOf } from './normalize-common.js';

/**
 * Incident properties of the columns of a Log Analytics `SecurityIncident` row; the columns
 * that hold JSON text (`Owner`, `Labels`, …) are parsed.
 */
const ROW_PROPERTIES: Readonly<Record<string, string>> = {
  Title: 'title',
  Description: 'description',
  Severity: 'severity',
  Status: 'status',
  Classification: 'classification',
  ClassificationReason: 'classificationReason',
  ClassificationComment: 'classificationComment',
  Owner: 'owner',
  Labels: 'labels',
  IncidentNumber: 'incidentNumber',
  IncidentUrl: 'incidentUrl',
  CreatedTime: 'createdTimeUtc',
  LastModifiedTime: 'lastModifiedTimeUtc',
  FirstActivityTime: 'firstActivityTimeUtc',
  LastActivityTime: 'lastActivityTimeUtc',
  ProviderName: 'providerName',
  ProviderIncidentId: 'providerIncidentId',
  RelatedAnalyticRuleIds: 'relatedAnalyticRuleIds',
  AdditionalData: 'additionalData',
};

/**
 * True for a row of the Log Analytics `SecurityIncident` table (not an ARM resource): it has
 * `IncidentNumber` and `IncidentName` or `Title` columns, or `Type` `SecurityIncident`.
 */
export function isSecurityIncidentRow(record: unknown): record is JsonRecord {
  if (!isRecord(record) || isRecord(record['properties'])) return false;
  return (
    record['Type'] === 'SecurityIncident' ||
    ('IncidentNumber' in record && ('IncidentName' in record || 'Title' in record))
  );
}

/**
 * The ARM incident resource a `SecurityIncident` row stands for: `IncidentName` is its `name`,
 * the known columns its `properties`, every other column (`TimeGenerated`, `AlertIds`, …) is kept
 * at the top level (so in `unmapped`).
 */
export function incidentOfRow(row: JsonRecord): JsonRecord {
  const properties: JsonRecord = {};
  const rest: JsonRecord = {};
  for (const [column, value] of Object.entries(row)) {
    const property = ROW_PROPERTIES[column];
    if (property === undefined) rest[column] = value;
    else properties[property] = jsonOf(value);
  }
  const numberText = properties['incidentNumber'];
  if (typeof numberText === 'string' && /^\d+$/.test(numberText.trim()))
    properties['incidentNumber'] = Number(numberText);
  const { IncidentName: name, ...others } = rest;
  if (typeof name === 'string' && name.trim() !== '') return { ...others, name, properties };
  // no usable name: the incident number names it, the column stays in `unmapped`
  return {
    ...others,
    ...(name === undefined ? {} : { IncidentName: name }),
    name: properties['incidentNumber'],
    properties,
  };
}
