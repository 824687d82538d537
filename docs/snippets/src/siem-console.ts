// docs/guides/siem-as-source-and-console.md — the customer's SIEM as the data source and the
// console: read Splunk ES notables, triage them into incidents, write the incidents back through
// HEC and mark the notables In Progress with a comment, all where the analysts already work.
// Run: pnpm --filter @openmdr/docs-snippets siem-console
// Against a real Splunk: SPLUNK_URL, SPLUNK_HEC_URL, and the secrets
// OPENMDR_SECRET__acme__splunk_token / OPENMDR_SECRET__acme__splunk_hec_token.
import { connectorNormalizer, connectorSource } from '@openmdr/connector-kit';
import { splunkConnector } from '@openmdr/connector-splunk';
import { SPLUNK_HEC_DATASET, startSplunkSimulator } from '@openmdr/connector-splunk/simulator';
import {
  type Envelope,
  environmentSecretProvider,
  logDeadLetterSink,
  logSink,
  type OcsfEvent,
  openStore,
  runPipeline,
} from '@openmdr/core';
import {
  emptyTriageState,
  resolveScoringConfig,
  resolveTriageConfig,
  triageFindings,
} from '@openmdr/detections';

const tenant = 'acme';

// Three notables Enterprise Security raised about one workstation, as `search index=notable`
// returns them. With SPLUNK_URL set they come from that Splunk instead.
const minute = 60_000;
const start = Date.now() - 30 * minute;
const notable = (index: number, rule: string, extra: Record<string, unknown>) => ({
  _time: new Date(start + index * 5 * minute).toISOString(),
  _indextime: String(Math.floor((start + index * 5 * minute) / 1000) + 2),
  _bkt: `notable~1~${index}`,
  _cd: `1:${index}`,
  index: 'notable',
  event_id: `9F1C4B2E-0D7A-4E55-8A51-3B6C2D1E0F9A@@notable@@${index}0c1d2e3f4a5b6c7d8e9f`,
  search_name: `Endpoint - ${rule} - Rule`,
  rule_name: rule,
  security_domain: 'endpoint',
  urgency: 'high',
  status: '1',
  owner: 'unassigned',
  dest: 'wks-0042.corp.example.com',
  user: 'CORP\\jdoe',
  ...extra,
});
const notables = [
  notable(0, 'Suspicious Office Child Process', { process: 'powershell.exe -enc SQBFAFgA' }),
  notable(1, 'Credential Dumping via LSASS Access', {
    'annotations.mitre_attack': 'T1003.001',
    'annotations.mitre_attack.mitre_tactic_id': 'TA0006',
  }),
  notable(2, 'Outbound Connection to Rare Domain', { src: '10.20.30.42', dest_ip: '198.51.100.7' }),
];

const simulated = process.env['SPLUNK_URL'] ? undefined : await startSplunkSimulator({ notables });
const splunk = await splunkConnector.connect({
  tenant,
  config: simulated
    ? { ...simulated.config, hec: { ...simulated.config.hec, index: 'openmdr' } }
    : {
        baseUrl: process.env['SPLUNK_URL'] as string,
        auth: { type: 'token' },
        hec: { url: process.env['SPLUNK_HEC_URL'] ?? '', index: 'openmdr', acknowledge: true },
      },
  secrets: simulated ? simulated.secrets : environmentSecretProvider(),
});

// 1. The SIEM as the data source: notables become OCSF Detection Findings in the store.
const store = await openStore({ kind: 'memory' }); // 'pglite' | 'postgres' in a service
const events = store.forTenant(tenant);
const findings: OcsfEvent[] = [];
const read = await runPipeline({
  tenant,
  source: connectorSource(splunk, 'notables'),
  transforms: [connectorNormalizer(splunk, 'notables')],
  sinks: [
    logSink<OcsfEvent>(events, 'events'),
    {
      name: 'triage-input',
      async write(batch: readonly Envelope<OcsfEvent>[]) {
        for (const envelope of batch) findings.push(envelope.event);
        return undefined;
      },
    },
  ],
  deadLetter: logDeadLetterSink(events),
  store: events, // keeps the checkpoint: run again later to read only new notables
});
console.log(`read ${findings.length} notables (${read.deadLettered} dead-lettered)`);

// 2. Triage: one incident for the host, prioritised.
const triage = triageFindings(
  emptyTriageState(),
  findings.map((finding) => ({ finding })),
  { scoring: resolveScoringConfig({}), triage: resolveTriageConfig({}) },
);
for (const incident of triage.incidents) {
  console.log(
    `incident ${incident.metadata.uid}: ${incident.finding_info_list?.length} notables, priority ${incident.priority}`,
  );
}

// 3. The SIEM as the console: the incident goes back through HEC, next to the notables…
const written = await splunk.runAction('write-findings', { events: triage.incidents });
console.log(`wrote ${written.sent} incident finding(s) to index=openmdr`);

// …and the notables show who took them and where the incident is.
const eventIds = findings.map((finding) => (finding['metadata'] as { uid: string }).uid);
const incidentUid = triage.incidents[0]?.metadata.uid;
await splunk.runAction('update-notable', {
  eventIds,
  status: 2, // In Progress
  comment: `OpenMDR grouped these into incident ${incidentUid ?? '(none)'}`,
});
console.log(`marked ${eventIds.length} notables In Progress`);

if (simulated) {
  console.log('HEC received:', simulated.simulator.records(SPLUNK_HEC_DATASET).length, 'event(s)');
  await simulated.close();
}
await splunk.close();
await store.close();
