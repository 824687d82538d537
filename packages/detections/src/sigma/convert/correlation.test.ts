import { describe, expect, it } from 'vitest';
import { correlationFromDocument } from '../correlation/parse-correlation.js';
import { parseSigmaYaml } from '../parse.js';
import type { SigmaCorrelationDocument, SigmaRule } from '../types.js';
import { convertSigmaCorrelation } from './correlation.js';
import { SigmaConversionError } from './errors.js';
import { DEFENDER_XDR_MAPPING } from './mappings/defender-xdr.js';

const parsed = parseSigmaYaml(
  `title: Failed logon
id: 11111111-1111-4111-8111-111111111111
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: 4625
  condition: selection
---
title: Success logon
name: success_logon
id: 22222222-2222-4222-8222-222222222222
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: 4624
  condition: selection
---
title: Brute force then success
id: 33333333-3333-4333-8333-333333333333
correlation:
  type: temporal
  rules: [11111111-1111-4111-8111-111111111111, success_logon]
  group-by: [TargetUserName]
  timespan: 5m
---
title: Many source addresses per user
id: 44444444-4444-4444-8444-444444444444
correlation:
  type: value_count
  rules: [success_logon]
  group-by: [TargetUserName]
  timespan: 1h
  condition: {gte: 3, field: IpAddress}
---
title: In order
id: 55555555-5555-4555-8555-555555555555
correlation:
  type: temporal_ordered
  rules: [11111111-1111-4111-8111-111111111111, success_logon]
  group-by: [TargetUserName]
  timespan: 5m
`,
  'correlations.yml',
);
const rules = parsed.documents.filter((d): d is SigmaRule => d.kind === 'rule');
const correlations = parsed.documents
  .filter((d): d is SigmaCorrelationDocument => d.kind === 'correlation')
  .map(correlationFromDocument);
const [temporal, valueCount, ordered] = correlations as [
  (typeof correlations)[number],
  (typeof correlations)[number],
  (typeof correlations)[number],
];

describe('convertSigmaCorrelation', () => {
  it('SPL: multisearch tagged by rule, sorted, streamstats over a sliding time window', () => {
    expect(convertSigmaCorrelation(temporal, rules, 'splunk').query).toBe(
      [
        `| multisearch [search source="XmlWinEventLog:Security" EventCode="4625" | eval sigma_rule=0, sigma_g0='TargetUserName'] [search source="XmlWinEventLog:Security" EventCode="4624" | eval sigma_rule=1, sigma_g0='TargetUserName']`,
        '| sort 0 _time',
        '| streamstats time_window=300s dc(sigma_rule) AS sigma_value by sigma_g0',
        '| where sigma_value >= 2',
        '| rename sigma_g0 AS "TargetUserName"',
      ].join('\n'),
    );
    expect(convertSigmaCorrelation(valueCount, rules, 'splunk').query).toContain(
      '| streamstats time_window=3600s dc(sigma_v) AS sigma_value by sigma_g0\n| where sigma_value >= 3',
    );
  });

  it('KQL: union tagged by rule, self-join on the group within the window, exact distinct counts', () => {
    const query = convertSigmaCorrelation(valueCount, rules, 'kql').query;
    expect(query).toBe(
      [
        'let sigma_matches = materialize(union (SecurityEvent',
        '| where tostring(EventID) == "4624"',
        "| extend sigma_rule = 0, sigma_time = ['TimeGenerated'], sigma_g0 = tostring(['TargetUserName']), sigma_v = tostring(['IpAddress']))",
        '| project sigma_time, sigma_rule, sigma_v, sigma_g0);',
        'sigma_matches',
        '| join kind=inner (sigma_matches | project s_time = sigma_time, s_rule = sigma_rule, s_v = sigma_v, sigma_g0) on sigma_g0',
        '| where s_time between ((sigma_time - 3600000ms) .. sigma_time)',
        '| summarize sigma_value = count_distinctif(s_v, isnotempty(s_v)) by sigma_g0, sigma_time',
        '| where sigma_value >= 3',
        "| project ['TargetUserName'] = sigma_g0, window_end = sigma_time, value = sigma_value",
      ].join('\n'),
    );
  });

  it("measures windows on the mapping's time field", () => {
    const defender = convertSigmaCorrelation(valueCount, rules, 'kql', {
      mapping: { ...DEFENDER_XDR_MAPPING, unmappedFields: 'keep', defaultSource: 'DeviceEvents' },
    });
    expect(defender.query).toContain("sigma_time = ['Timestamp']");
    expect(convertSigmaCorrelation(valueCount, rules, 'duckdb').query).toContain(
      't."_event_time" AS _time',
    );
  });

  it('reports the targets and types it cannot express, with why', () => {
    const problem = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (SigmaConversionError.isInstance(error)) return error.problem;
        throw error;
      }
      throw new Error('converted');
    };
    expect(problem(() => convertSigmaCorrelation(temporal, rules, 'esql')).reason).toContain(
      'no sliding windows',
    );
    expect(problem(() => convertSigmaCorrelation(temporal, rules, 'lucene')).reason).toContain(
      'cannot aggregate',
    );
    const unordered = problem(() => convertSigmaCorrelation(ordered, rules, 'splunk'));
    expect(unordered).toMatchObject({
      construct: 'correlation.type: temporal_ordered',
      file: 'correlations.yml',
    });
    const missing = problem(() => convertSigmaCorrelation(temporal, rules.slice(1), 'kql'));
    expect(missing.reason).toContain("'11111111-1111-4111-8111-111111111111' is not a loaded");
  });
});
