import { describe, expect, it } from 'vitest';
import { attackCoverage, topEntities } from '../../src/reports/report-findings.js';

describe('topEntities', () => {
  it('merges a host seen as FQDN and short name, and a user in its several spellings', () => {
    const entities = topEntities([
      { device: { hostname: 'ws-fin-042.corp.acme.example' }, actor: { user: { name: 'jdoe' } } },
      { device: { hostname: 'WS-FIN-042' }, user: { name: 'ACME\\jdoe' } },
      { device: { hostname: 'ws-fin-042' }, actor: { user: { name: 'jdoe@acme.example' } } },
      { device: { hostname: 'srv-file-01', ip: '10.0.0.5' } },
      { device: { hostname: '10.0.0.7' } },
    ]);
    expect(entities.hosts).toEqual([
      { value: 'ws-fin-042.corp.acme.example', count: 3 },
      { value: '10.0.0.7', count: 1 },
      { value: 'srv-file-01', count: 1 },
    ]);
    expect(entities.users).toEqual([{ value: 'jdoe@acme.example', count: 3 }]);
    expect(entities.ips).toEqual([{ value: '10.0.0.5', count: 1 }]);
  });
});

describe('attackCoverage', () => {
  it('names techniques from the ATT&CK data, not from what a vendor wrote', () => {
    const coverage = attackCoverage([
      {
        finding_info: {
          attacks: [
            {
              tactic: { name: 'Credential Access' },
              technique: { uid: 'T1003' },
              sub_technique: { uid: 'T1003.001', name: 'OS Credential Dumping' },
            },
            { technique: { uid: 'T1566' }, sub_technique: { uid: 'T1566.001' } },
          ],
        },
      },
      { attacks: [{ technique: { uid: 'T9999', name: 'Vendor-only technique' } }] },
    ]);
    expect(coverage.techniques).toEqual([
      { id: 'T1003', name: 'OS Credential Dumping', count: 1 },
      { id: 'T1003.001', name: 'LSASS Memory', count: 1 },
      { id: 'T1566', name: 'Phishing', count: 1 },
      { id: 'T1566.001', name: 'Spearphishing Attachment', count: 1 },
      { id: 'T9999', name: 'Vendor-only technique', count: 1 },
    ]);
  });
});
