import { ManualClock, openStore, type Store } from '@openmdr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CaseNotFoundError,
  CaseService,
  LearningInputError,
  LessonService,
} from '../../src/index.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);

for (const kind of ['memory', 'pglite'] as const) {
  describe(`lessons and feedback on ${kind}`, () => {
    let store: Store;
    const clock = new ManualClock(START);
    let cases: CaseService;
    let service: LessonService;

    beforeAll(async () => {
      store = await openStore({ kind, clock });
      cases = new CaseService({ store, clock });
      service = new LessonService({ store, cases, clock });
    });
    afterAll(async () => {
      await store.close();
    });

    it('tracks lessons to done and keeps feedback, on the case timeline', async () => {
      const item = await cases.forTenant('acme').create({ title: 'Credential dumping' });
      const learning = service.forTenant('acme');
      const lesson = await learning.addLesson(
        {
          caseId: item.id,
          title: 'Alert on comsvcs MiniDump',
          kind: 'new-rule',
          owner: 'detection-eng',
          dueAt: START + 14 * 86_400_000,
          ruleId: 'proc_creation_win_rundll32_process_dump_via_comsvcs',
        },
        { by: 'kim' },
      );
      expect(lesson).toMatchObject({ status: 'open', caseId: item.id, completedAt: null });
      const moved = await learning.updateLesson(lesson.id, {
        owner: 'alice',
        dueAt: START + 86_400_000,
      });
      expect(moved).toMatchObject({ owner: 'alice', dueAt: START + 86_400_000 });
      clock.advance(3_600_000);
      const done = await learning.completeLesson(lesson.id, { by: 'alice' });
      expect(done).toMatchObject({
        status: 'done',
        completedAt: START + 3_600_000,
        completedBy: 'alice',
      });
      await expect(learning.completeLesson(lesson.id, { by: 'alice' })).rejects.toThrow(
        /already done/,
      );
      await expect(learning.updateLesson(lesson.id, { title: 'x' })).rejects.toThrow(/is done/);
      expect(await learning.listLessons({ status: 'done' })).toHaveLength(1);
      expect(await learning.listLessons({ caseId: 'other' })).toEqual([]);

      const feedback = await learning.recordFeedback(item.id, {
        score: 4,
        comment: ' Quick, but tell us sooner ',
        by: 'ciso@acme.example',
      });
      expect(feedback).toMatchObject({
        score: 4,
        comment: 'Quick, but tell us sooner',
        at: START + 3_600_000,
      });
      expect(await learning.listFeedback({ caseId: item.id })).toEqual([feedback]);
      const texts = (await cases.forTenant('acme').timeline(item.id)).map(
        (entry) => entry.event.type,
      );
      expect(texts).toEqual(['created', 'lesson', 'lesson', 'feedback']);
      expect(await service.forTenant('other').listLessons()).toEqual([]);
    });

    it('refuses bad lessons and feedback with typed errors', async () => {
      const item = await cases.forTenant('acme').create({ title: 'Phishing' });
      const learning = service.forTenant('acme');
      const base = {
        caseId: item.id,
        title: 'T',
        kind: 'tune-rule' as const,
        owner: 'o',
        dueAt: START,
      };
      await expect(
        learning.addLesson({ ...base, kind: 'wish' as never }, { by: 'k' }),
      ).rejects.toSatisfy(
        (error) => LearningInputError.isInstance(error) && error.field === 'kind',
      );
      await expect(learning.addLesson({ ...base, owner: ' ' }, { by: 'k' })).rejects.toThrow(
        /owner/,
      );
      await expect(learning.addLesson({ ...base, dueAt: Number.NaN }, { by: 'k' })).rejects.toThrow(
        /dueAt/,
      );
      await expect(learning.addLesson({ ...base, caseId: 'nope' }, { by: 'k' })).rejects.toSatisfy(
        (error) => CaseNotFoundError.isInstance(error),
      );
      for (const score of [0, 6, 3.5])
        await expect(learning.recordFeedback(item.id, { score, by: 'c' })).rejects.toThrow(
          /1 to 5/,
        );
      await expect(learning.getLesson('missing')).rejects.toThrow(/not found/);
    });
  });
}
