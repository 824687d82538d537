import { ManualClock, openStore, type Store } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseNotFoundError,
  CaseService,
  findingFacts,
  LearningInputError,
  VerdictService,
  verdictPrecision,
} from '../../src/index.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);

/** A Sigma-shaped finding: the process fields sit in the evidence's matched fields. */
function sigmaFinding(uid: string, rule: string, host: string, image: string) {
  return {
    class_uid: 2004,
    time: START,
    finding_info: { uid, title: rule, analytic: { uid: rule, name: `Rule ${rule}` } },
    metadata: { product: { name: 'OpenMDR Sigma', vendor_name: 'OpenMDR' } },
    device: { hostname: host },
    evidences: [{ data: { fields: { Image: image, CommandLine: `${image} -x` } } }],
  };
}

/** An EDR-shaped finding: the process under `evidences[].process`. */
function edrFinding(uid: string, host: string) {
  return {
    class_uid: 2004,
    time: START,
    finding_info: {
      uid,
      title: 'Encoded PowerShell',
      analytic: { uid: '40123', name: 'EncodedPowerShell' },
    },
    metadata: { product: { name: 'Falcon', vendor_name: 'CrowdStrike' } },
    device: { hostname: host },
    evidences: [
      {
        process: {
          file: { path: 'C:\\Windows\\powershell.exe' },
          cmd_line: 'powershell -enc AAA',
          user: { name: 'jdoe' },
        },
      },
    ],
  };
}

describe('findingFacts', () => {
  it('reads rule, source and entities from Sigma-shaped and EDR-shaped findings', () => {
    expect(findingFacts(sigmaFinding('s1', 'r1', 'WS-1', 'C:\\a.exe'))).toEqual({
      findingId: 's1',
      ruleId: 'r1',
      ruleName: 'Rule r1',
      source: 'OpenMDR Sigma',
      time: START,
      entities: [
        { kind: 'host', path: 'device.hostname', values: ['WS-1'] },
        { kind: 'process', path: 'evidences.data.fields.Image', values: ['C:\\a.exe'] },
        {
          kind: 'commandLine',
          path: 'evidences.data.fields.CommandLine',
          values: ['C:\\a.exe -x'],
        },
      ],
    });
    const edr = findingFacts(edrFinding('e1', 'WS-2'));
    expect(edr.source).toBe('Falcon');
    expect(edr.entities.map((entity) => [entity.kind, entity.path])).toEqual([
      ['host', 'device.hostname'],
      ['user', 'evidences.process.user.name'],
      ['process', 'evidences.process.file.path'],
      ['commandLine', 'evidences.process.cmd_line'],
    ]);
  });
});

for (const kind of ['memory', 'pglite'] as const) {
  describe(`VerdictService on ${kind}`, () => {
    let store: Store;
    const clock = new ManualClock(START);
    let counter = 0;
    let cases: CaseService;
    let service: VerdictService;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      cases = new CaseService({ store, clock });
      service = new VerdictService({ store, cases, clock, createId: () => `v-${++counter}` });
    });
    afterAll(async () => {
      await store.close();
    });

    it('records verdicts on findings and cases, on the case timeline, latest wins with history kept', async () => {
      const tenantCases = cases.forTenant('acme');
      const verdicts = service.forTenant('acme');
      const item = await tenantCases.create({ title: 'Encoded PowerShell on WS-1' });
      const judged = await verdicts.judgeFinding(sigmaFinding('f1', 'r1', 'WS-1', 'C:\\a.exe'), {
        verdict: 'true-positive',
        reason: 'Stager',
        by: 'kim',
        caseId: item.id,
      });
      expect(judged).toMatchObject({
        tenant: 'acme',
        subject: { kind: 'finding', findingId: 'f1', caseId: item.id },
        role: 'analyst',
        at: START,
      });
      clock.advance(60_000);
      await verdicts.judgeCase(item.id, {
        verdict: 'true-positive',
        reason: 'Confirmed',
        by: 'kim',
      });
      clock.advance(60_000);
      await verdicts.judgeCase(item.id, {
        verdict: 'benign-true-positive',
        reason: 'Red-team exercise',
        by: 'ciso@acme.example',
        role: 'customer',
      });
      expect((await verdicts.latest({ caseId: item.id }))?.verdict).toBe('benign-true-positive');
      expect((await verdicts.history({ caseId: item.id })).map((v) => v.verdict)).toEqual([
        'true-positive',
        'benign-true-positive',
      ]);
      expect(await verdicts.list()).toHaveLength(2);
      expect(await verdicts.list({ history: true })).toHaveLength(3);
      expect(await verdicts.list({ subject: 'case' })).toHaveLength(1);
      const timeline = await tenantCases.timeline(item.id);
      expect(
        timeline
          .filter((entry) => entry.event.type === 'verdict')
          .map(
            (entry) =>
              entry.event.type === 'verdict' && [
                entry.event.subject,
                entry.event.verdict,
                entry.event.role,
              ],
          ),
      ).toEqual([
        ['finding', 'true-positive', 'analyst'],
        ['case', 'true-positive', 'analyst'],
        ['case', 'benign-true-positive', 'customer'],
      ]);
      // Another tenant sees none of it.
      expect(await service.forTenant('other').list({ history: true })).toEqual([]);
    });

    it('refuses bad verdicts and unknown cases with typed errors', async () => {
      const verdicts = service.forTenant('acme');
      const finding = sigmaFinding('f9', 'r1', 'WS-1', 'C:\\a.exe');
      await expect(
        verdicts.judgeFinding(finding, { verdict: 'maybe' as never, reason: 'x', by: 'kim' }),
      ).rejects.toSatisfy(
        (error) => LearningInputError.isInstance(error) && error.field === 'verdict',
      );
      await expect(
        verdicts.judgeFinding(finding, { verdict: 'false-positive', reason: '  ', by: 'kim' }),
      ).rejects.toThrow(/needs a reason/);
      await expect(
        verdicts.judgeFinding(
          { finding_info: {} },
          { verdict: 'false-positive', reason: 'x', by: 'kim' },
        ),
      ).rejects.toThrow(/finding_info.uid/);
      await expect(
        verdicts.judgeCase('nope', { verdict: 'false-positive', reason: 'x', by: 'kim' }),
      ).rejects.toSatisfy((error) => CaseNotFoundError.isInstance(error));
      expect(await verdicts.history({ findingId: 'f9' })).toEqual([]);
    });

    it('measures precision per rule and per source from the latest finding verdicts', async () => {
      const verdicts = service.forTenant('precision');
      const by = 'kim';
      await verdicts.judgeFinding(sigmaFinding('a', 'r1', 'WS-1', 'x'), {
        verdict: 'true-positive',
        reason: 'r',
        by,
      });
      await verdicts.judgeFinding(sigmaFinding('b', 'r1', 'WS-1', 'x'), {
        verdict: 'benign-true-positive',
        reason: 'r',
        by,
      });
      await verdicts.judgeFinding(sigmaFinding('c', 'r1', 'WS-1', 'x'), {
        verdict: 'true-positive',
        reason: 'r',
        by,
      });
      // c is re-judged: only its latest verdict counts.
      await verdicts.judgeFinding(sigmaFinding('c', 'r1', 'WS-1', 'x'), {
        verdict: 'false-positive',
        reason: 'r',
        by,
      });
      await verdicts.judgeFinding(edrFinding('d', 'WS-2'), {
        verdict: 'false-positive',
        reason: 'r',
        by,
      });
      const report = await verdicts.precision({ rules: ['never-judged'] });
      expect(report.byRule).toEqual([
        {
          key: 'r1',
          name: 'Rule r1',
          truePositives: 1,
          benignTruePositives: 1,
          falsePositives: 1,
          judged: 3,
          precision: 2 / 3,
        },
        expect.objectContaining({ key: '40123', judged: 1, precision: 0 }),
        expect.objectContaining({ key: 'never-judged', judged: 0, precision: null }),
      ]);
      expect(report.bySource.map((row) => [row.key, row.judged, row.precision])).toEqual([
        ['OpenMDR Sigma', 3, 2 / 3],
        ['Falcon', 1, 0],
      ]);
      expect(verdictPrecision([], {})).toEqual({ byRule: [], bySource: [] });
    });
  });
}
