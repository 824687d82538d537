/**
 * Where each alert attribute is read, in order of preference, across the alert document shapes
 * Elastic Security has written: the alerts-as-data fields of 8.x (`kibana.alert.*`), the rule's
 * parameters copied into the alert (`kibana.alert.rule.parameters.*`) and the `.siem-signals-*`
 * fields of 7.x (`signal.*`), which the search API's `fields` also return for 8.x alerts.
 */
export const ALERT_FIELDS = {
  uid: ['kibana.alert.uuid', '_id'],
  time: ['@timestamp', 'kibana.alert.start', 'kibana.alert.original_time', 'signal.original_time'],
  updated: ['kibana.alert.workflow_status_updated_at'],
  firstSeen: [
    'kibana.alert.start',
    'kibana.alert.threshold_result.from',
    'signal.threshold_result.from',
  ],
  lastSeen: ['kibana.alert.last_detected'],
  status: ['kibana.alert.workflow_status', 'signal.status'],
  statusReason: ['kibana.alert.workflow_reason'],
  severity: [
    'kibana.alert.severity',
    'signal.rule.severity',
    'kibana.alert.rule.severity',
    'kibana.alert.rule.parameters.severity',
  ],
  riskScore: [
    'kibana.alert.risk_score',
    'signal.rule.risk_score',
    'kibana.alert.rule.risk_score',
    'kibana.alert.rule.parameters.risk_score',
  ],
  reason: ['kibana.alert.reason', 'signal.reason'],
  ruleName: ['kibana.alert.rule.name', 'signal.rule.name'],
  ruleUid: ['kibana.alert.rule.uuid', 'signal.rule.id'],
  ruleType: ['kibana.alert.rule.type', 'signal.rule.type', 'kibana.alert.rule.parameters.type'],
  ruleCategory: ['kibana.alert.rule.category'],
  ruleVersion: [
    'kibana.alert.rule.version',
    'signal.rule.version',
    'kibana.alert.rule.parameters.version',
  ],
  ruleDescription: [
    'kibana.alert.rule.description',
    'signal.rule.description',
    'kibana.alert.rule.parameters.description',
  ],
  ruleTags: ['kibana.alert.rule.tags', 'signal.rule.tags'],
  ruleThreat: [
    'kibana.alert.rule.threat',
    'signal.rule.threat',
    'kibana.alert.rule.parameters.threat',
  ],
  ruleIndex: [
    'kibana.alert.rule.parameters.index',
    'signal.rule.index',
    'kibana.alert.rule.indices',
  ],
  groupId: ['kibana.alert.group.id', 'signal.group.id'],
  thresholdCount: ['kibana.alert.threshold_result.count', 'signal.threshold_result.count'],
  buildingBlock: ['kibana.alert.building_block_type', 'signal.rule.building_block_type'],
  url: ['kibana.alert.url'],
  siemAppUrl: [
    'kibana.alert.rule.parameters.meta.kibana_siem_app_url',
    'kibana.alert.rule.meta.kibana_siem_app_url',
    'signal.rule.meta.kibana_siem_app_url',
  ],
  kibanaVersion: ['kibana.version'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** True when the text is an absolute http(s) URL. */
export function isHttpUrl(text: string | undefined): text is string {
  if (text === undefined) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
