// docs/guides/threat-hunting.md — hunt where the data is: Sigma rules converted for the
// customer's SIEM and run there, the same rules over a JSON-lines file in an embedded DuckDB, a
// retro-hunt for a new indicator over the stored events, and the pivot from hits to a case.
// Run: pnpm --filter @openmdr/docs-snippets threat-hunt

import { DuckDBInstance } from '@duckdb/node-api';
import { splunkConnector } from '@openmdr/connector-splunk';
import { startSplunkSimulator } from '@openmdr/connector-splunk/simulator';
import { openMemoryStore } from '@openmdr/core';
import { convertSigmaRule, parseSigmaYaml, type SigmaRule } from '@openmdr/detections';
import {
  createLocalHuntRunner,
  createSiemHuntRunner,
  loadDuckDbEvents,
  pivotToCase,
  retroHuntIndicator,
  runHunt,
  runLocalHunt,
} from '@openmdr/hunting';
import { CaseService } from '@openmdr/response';

const tenant = 'acme';

// 1. Two rules, as a detection engineer writes them.
const { documents } = parseSigmaYaml(`title: Whoami Execution
id: 0b6e0a6d-4c1f-4ad2-9d0e-8f5f7b7e1a01
author: OpenMDR docs
level: medium
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
---
title: Encoded PowerShell
id: 0b6e0a6d-4c1f-4ad2-9d0e-8f5f7b7e1a02
author: OpenMDR docs
level: high
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\powershell.exe'
    CommandLine|windash|contains: ' -enc '
  condition: selection
`);
const rules = documents.filter((document): document is SigmaRule => document.kind === 'rule');
for (const target of ['splunk', 'kql'] as const) {
  console.log(
    `${target}: ${convertSigmaRule(rules[1] as SigmaRule, target).query.replaceAll('\n', ' ')}`,
  );
}

// 2. The same rules over events in a file (here: in memory), in an embedded DuckDB.
const events = [
  {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'C:\\Windows\\System32\\whoami.exe',
    CommandLine: 'whoami /all',
    User: 'ACME\\bob',
  },
  {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'C:\\Windows\\System32\\notepad.exe',
    CommandLine: 'notepad',
    User: 'ACME\\bob',
  },
  {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 1,
    Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    CommandLine: 'powershell /ENC SQBFAFgA',
    User: 'ACME\\alice',
  },
  {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    EventID: 3,
    UtcTime: new Date(Date.now() - 86_400_000).toISOString(),
    Image: 'C:\\Windows\\System32\\rundll32.exe',
    DestinationIp: '203.0.113.9',
    DestinationPort: 443,
  },
];
const local = await runLocalHunt({ rules, events, backend: 'duckdb' });
for (const hit of local.hits) console.log(`duckdb hit: event ${hit.event} ${hit.title}`);

// 3. A new indicator arrives: hunt back over the retained events (here: the same events, stored
// in a DuckDB table; the PostgreSQL/PGlite event table works the same way).
const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
await loadDuckDbEvents(duckdb, events);
const retro = await retroHuntIndicator(
  { id: 'indicator--c2', pattern: "[ipv4-addr:value = '203.0.113.9']", name: 'C2 address' },
  {
    tenant,
    runner: createLocalHuntRunner({
      db: { kind: 'duckdb', connection: duckdb },
      backend: 'duckdb',
      tenant,
    }),
    target: 'duckdb',
    retentionMs: 30 * 86_400_000,
  },
);
console.log(
  `retro-hunt: ${retro.result.hits.length} hit(s) on line(s) ${retro.result.hits.map((hit) => hit.event['_line']).join(', ')}, ${retro.findings.length} finding(s)`,
);
duckdb.closeSync();

// 4. In the customer's Splunk (a simulator here, serving only the query the converter wrote).
const spl = convertSigmaRule(rules[0] as SigmaRule, 'splunk').query;
const now = Date.now();
const simulated = await startSplunkSimulator({
  seededSearches: [
    {
      search: spl,
      results: [
        {
          _time: new Date(now - 3_600_000).toISOString(),
          _cd: '1:1',
          _bkt: 'main~1~A',
          Image: events[0]?.Image,
          host: 'ws-7',
        },
      ],
    },
  ],
});
const splunk = await splunkConnector.connect({ ...simulated, tenant });
try {
  const result = await runHunt(
    {
      id: 'hunt-whoami',
      tenant,
      name: 'whoami sweep',
      rules: [rules[0] as SigmaRule],
      target: 'splunk',
      range: { from: now - 86_400_000, to: now },
    },
    createSiemHuntRunner(splunk),
  );
  console.log(`splunk: ${result.hits.length} hit(s), ${result.failures.length} failure(s)`);

  // 5. Pivot: the hits become Detection Findings and a case whose timeline records the hunt.
  const cases = new CaseService({ store: openMemoryStore() }).forTenant(tenant);
  const pivot = await pivotToCase(result, { cases, by: 'hunter@acme' });
  const timeline = await cases.timeline(pivot.case?.id ?? '');
  console.log(
    `case ${pivot.created ? 'opened' : 'joined'} with ${pivot.attached.length} finding(s); timeline: ${timeline.map((entry) => entry.event.type).join(', ')}`,
  );
} finally {
  await splunk.close();
  await simulated.close();
}
