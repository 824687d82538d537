import { ManualClock, openStore, type Store } from '@openmdr/core';
import {
  emptyTriageState,
  findSuppression,
  resolveScoringConfig,
  resolveTriageConfig,
  triageFindings,
} from '@openmdr/detections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseService,
  LearningInputError,
  LearningNotFoundError,
  proposeSuppressions,
  SuppressionProposalReviewedError,
  SuppressionProposalService,
  VerdictService,
} from '../../src/index.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
const DAY = 86_400_000;

function finding(uid: string, rule: string, host: string, image: string, user = 'svc-backup') {
  return {
    class_uid: 2004,
    time: START,
    severity_id: 3,
    finding_info: { uid, title: rule, analytic: { uid: rule, name: `Rule ${rule}` } },
    metadata: { product: { name: 'OpenMDR Sigma' } },
    device: { hostname: host },
    actor: { user: { name: user } },
    evidences: [{ data: { fields: { Image: image } } }],
  };
}

for (const kind of ['memory', 'pglite'] as const) {
  describe(`suppression proposals on ${kind}`, () => {
    let store: Store;
    const clock = new ManualClock(START);
    let verdictService: VerdictService;
    let proposals: SuppressionProposalService;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      verdictService = new VerdictService({
        store,
        cases: new CaseService({ store, clock }),
        clock,
      });
      proposals = new SuppressionProposalService({ store, clock, defaultTtlMs: 30 * DAY });
    });
    afterAll(async () => {
      await store.close();
    });

    it('groups false positives by rule and recurring entities, withholds one that would hide a true positive, and reviews', async () => {
      const verdicts = verdictService.forTenant('acme');
      const fp = { verdict: 'false-positive' as const, by: 'kim' };
      // Rule psexec: three false positives from the backup server's deployment tool.
      for (const uid of ['p1', 'p2', 'p3'])
        await verdicts.judgeFinding(
          finding(uid, 'psexec', 'SRV-BACKUP-01', 'C:\\Tools\\deploy.exe'),
          {
            ...fp,
            reason: 'Nightly deployment',
          },
        );
      // Rule psexec on a workstation: once, not recurring.
      await verdicts.judgeFinding(finding('p4', 'psexec', 'WS-7', 'C:\\Tools\\other.exe', 'bob'), {
        ...fp,
        reason: 'Admin test',
      });
      // Rule lsass: two false positives on WS-9, but the same host and user had a true positive.
      await verdicts.judgeFinding(finding('l1', 'lsass', 'WS-9', 'C:\\av\\scan.exe'), {
        ...fp,
        reason: 'AV',
      });
      await verdicts.judgeFinding(finding('l2', 'lsass', 'WS-9', 'C:\\av\\scan.exe'), {
        ...fp,
        reason: 'AV',
      });
      await verdicts.judgeFinding(finding('l3', 'lsass', 'WS-9', 'C:\\av\\scan.exe'), {
        verdict: 'true-positive',
        reason: 'Mimikatz renamed as the scanner',
        by: 'kim',
      });

      const all = await verdicts.list({ history: true });
      const drafts = proposeSuppressions(all);
      expect(drafts).toHaveLength(1);
      expect(drafts[0]).toMatchObject({
        ruleId: 'psexec',
        match: {
          rule: 'psexec',
          host: 'srv-backup-01',
          user: 'svc-backup',
          fields: { 'evidences.data.fields.Image': 'c:\\tools\\deploy.exe' },
        },
        basis: {
          findingIds: ['p1', 'p2', 'p3'],
          falsePositives: 3,
          reasons: ['Nightly deployment'],
        },
      });
      // Grouping on the host alone gives a wider proposal; still none for lsass.
      expect(proposeSuppressions(all, { kinds: ['host'] }).map((d) => d.match)).toEqual([
        { rule: 'psexec', host: 'srv-backup-01' },
      ]);

      const tenant = proposals.forTenant('acme');
      const [made] = await tenant.propose(all);
      expect(made).toMatchObject({ status: 'proposed', expiresAt: null, ttlMs: 30 * DAY });
      // Proposing again refreshes the same proposal, does not duplicate it.
      expect((await tenant.propose(all)).map((p) => p.id)).toEqual([made?.id]);
      expect(await tenant.list()).toHaveLength(1);
      expect(await tenant.active()).toEqual([]);

      clock.advance(DAY);
      const approved = await tenant.approve(made?.id as string, { by: 'lead@mssp.example' });
      expect(approved).toMatchObject({
        status: 'approved',
        reviewedBy: 'lead@mssp.example',
        expiresAt: START + 31 * DAY,
      });
      await expect(tenant.reject(made?.id as string, { by: 'x' })).rejects.toSatisfy((error) =>
        SuppressionProposalReviewedError.isInstance(error),
      );
      const active = await tenant.active();
      expect(active).toHaveLength(1);
      expect(active[0]).toMatchObject({ owner: 'lead@mssp.example', expiresAt: START + 31 * DAY });
      // Triage takes it as it is: the next deployment is set aside, an attack on WS-7 is not.
      const config = resolveTriageConfig({ suppressions: active });
      const next = finding('p9', 'psexec', 'srv-backup-01', 'C:\\Tools\\deploy.exe');
      expect(findSuppression(config.suppressions, next, START + 2 * DAY)?.id).toBe(made?.id);
      expect(
        findSuppression(
          config.suppressions,
          finding('p10', 'psexec', 'WS-7', 'C:\\x.exe'),
          START + 2 * DAY,
        ),
      ).toBeUndefined();
      const triaged = triageFindings(emptyTriageState(), [{ finding: next }], {
        scoring: resolveScoringConfig({}),
        triage: config,
        now: START + 2 * DAY,
      });
      expect(triaged.suppressed).toHaveLength(1);
      // Expired: no longer active.
      expect(await tenant.active(START + 32 * DAY)).toEqual([]);
      expect(await proposals.forTenant('other').list()).toEqual([]);
    });

    it('rejects, and refuses unknown ids and past expiries with typed errors', async () => {
      const verdicts = verdictService.forTenant('beta');
      for (const uid of ['b1', 'b2'])
        await verdicts.judgeFinding(finding(uid, 'beacon', 'WS-1', 'C:\\updater.exe'), {
          verdict: 'false-positive',
          reason: 'Updater',
          by: 'kim',
        });
      const tenant = proposals.forTenant('beta');
      const [made] = await tenant.propose(await verdicts.list());
      await expect(
        tenant.approve(made?.id as string, { by: 'lead', expiresAt: START - 1 }),
      ).rejects.toSatisfy((error) => LearningInputError.isInstance(error));
      const rejected = await tenant.reject(made?.id as string, {
        by: 'lead',
        note: 'Updater is unsigned',
      });
      expect(rejected).toMatchObject({ status: 'rejected', reviewNote: 'Updater is unsigned' });
      // A rejected proposal is not proposed again.
      expect(await tenant.propose(await verdicts.list())).toEqual([]);
      await expect(tenant.get('sp-missing')).rejects.toSatisfy((error) =>
        LearningNotFoundError.isInstance(error),
      );
    });
  });
}
