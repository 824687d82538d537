import { randomUUID } from 'node:crypto';
import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type Store,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import type { CaseService, TenantCases } from '../cases/case-service.js';
import { LearningInputError, LearningNotFoundError } from './learning-errors.js';
import { type ClientFeedback, LESSON_KINDS, type Lesson, type LessonKind } from './lesson-types.js';

/** Options of {@link LessonService}. */
export interface LessonServiceOptions {
  store: Store;
  /** The case service over the same store: lessons and feedback go on the case's timeline. */
  cases: CaseService;
  clock?: Clock;
  createId?: () => string;
}

/** A lesson to add. */
export interface LessonInput {
  caseId: string;
  title: string;
  kind: LessonKind;
  owner: string;
  /** Epoch ms. */
  dueAt: number;
  ruleId?: string;
  playbookId?: string;
  note?: string;
}

const lessonKey = (id: string) => `lesson:${id}`;
const LESSON_INDEX = 'lessons:index';
const FEEDBACK_STREAM = 'client-feedback';

/**
 * Lessons learned and client feedback of every tenant, over a core store. A lesson is a tracked
 * action (new or tuned rule, playbook or policy change) with an owner and a due date, open until
 * done; feedback is the customer's satisfaction (1–5) and comment on a case. Both are linked to
 * their case and written on its timeline; the monthly report lists them.
 *
 * @example
 * ```ts
 * const learning = new LessonService({ store, cases: caseService }).forTenant('acme');
 * const lesson = await learning.addLesson({ caseId, title: 'Alert on comsvcs MiniDump', kind: 'new-rule',
 *   owner: 'detection-eng', dueAt: Date.now() + 14 * 86_400_000 }, { by: 'kim' });
 * await learning.completeLesson(lesson.id, { by: 'detection-eng' });
 * await learning.recordFeedback(caseId, { score: 5, comment: 'Fast containment', by: 'ciso@acme.example' });
 * ```
 */
export class LessonService {
  readonly #options: LessonServiceOptions;

  constructor(options: LessonServiceOptions) {
    this.#options = options;
  }

  /** The lessons and feedback of one tenant. */
  forTenant(tenant: string): TenantLessons {
    return new TenantLessons(
      this.#options.store.forTenant(tenant),
      this.#options.cases.forTenant(tenant),
      this.#options.clock ?? systemClock,
      this.#options.createId ?? randomUUID,
    );
  }
}

/** Lessons learned and client feedback of one tenant. Obtained from {@link LessonService.forTenant}. */
export class TenantLessons {
  readonly #store: TenantStore;
  readonly #cases: TenantCases;
  readonly #clock: Clock;
  readonly #createId: () => string;

  /** @internal */
  constructor(store: TenantStore, cases: TenantCases, clock: Clock, createId: () => string) {
    this.#store = store;
    this.#cases = cases;
    this.#clock = clock;
    this.#createId = createId;
  }

  /**
   * Adds an open lesson to a case.
   * @throws LearningInputError (unknown kind, blank title or owner, a due date that is not a time), CaseNotFoundError
   */
  async addLesson(input: LessonInput, options: { by: string }): Promise<Lesson> {
    if (!LESSON_KINDS.includes(input.kind))
      throw new LearningInputError(
        `unknown lesson kind ${JSON.stringify(input.kind)} (expected ${LESSON_KINDS.join(', ')})`,
        'kind',
      );
    for (const field of ['title', 'owner'] as const)
      if (typeof input[field] !== 'string' || input[field].trim() === '')
        throw new LearningInputError(`a lesson needs a ${field}`, field);
    if (typeof input.dueAt !== 'number' || !Number.isFinite(input.dueAt))
      throw new LearningInputError('dueAt must be a time (epoch ms)', 'dueAt');
    const item = await this.#cases.get(input.caseId);
    const now = this.#clock.now();
    const lesson: Lesson = {
      id: this.#createId(),
      tenant: this.#store.tenant,
      caseId: item.id,
      title: input.title.trim(),
      kind: input.kind,
      owner: input.owner,
      dueAt: input.dueAt,
      status: 'open',
      ruleId: input.ruleId ?? null,
      playbookId: input.playbookId ?? null,
      note: input.note ?? null,
      createdAt: now,
      createdBy: options.by,
      completedAt: null,
      completedBy: null,
      version: 0,
    };
    lesson.version = await this.#store.state.compareAndSet(
      lessonKey(lesson.id),
      null,
      toStored(lesson),
    );
    await this.#store.log.append(LESSON_INDEX, [lesson.id]);
    await this.#cases.recordLearning(item.id, {
      type: 'lesson',
      lessonId: lesson.id,
      title: lesson.title,
      kind: lesson.kind,
      status: 'open',
      by: options.by,
    });
    return lesson;
  }

  /** @throws LearningNotFoundError */
  async getLesson(id: string): Promise<Lesson> {
    const found = await this.#store.state.get<JsonValue>(lessonKey(id));
    if (found === undefined) throw new LearningNotFoundError(id, 'lesson');
    return { ...(structuredClone(found.value) as unknown as Lesson), version: found.version };
  }

  /** The tenant's lessons in the order they were added, optionally of one case or status. */
  async listLessons(filter: { caseId?: string; status?: 'open' | 'done' } = {}): Promise<Lesson[]> {
    const out: Lesson[] = [];
    for (const { data: id } of await this.#store.log.read<string>(LESSON_INDEX)) {
      const found = await this.#store.state.get<JsonValue>(lessonKey(id));
      if (found === undefined) continue;
      const lesson = { ...(found.value as unknown as Lesson), version: found.version };
      if (filter.caseId !== undefined && lesson.caseId !== filter.caseId) continue;
      if (filter.status !== undefined && lesson.status !== filter.status) continue;
      out.push(lesson);
    }
    return out;
  }

  /**
   * Changes an open lesson's title, owner, due date or note.
   * @throws LearningNotFoundError, LearningInputError (the lesson is done, or a blank field)
   */
  async updateLesson(
    id: string,
    patch: { title?: string; owner?: string; dueAt?: number; note?: string | null },
  ): Promise<Lesson> {
    return this.#change(id, (lesson) => {
      if (lesson.status === 'done')
        throw new LearningInputError(`lesson ${JSON.stringify(id)} is done`, 'status');
      for (const field of ['title', 'owner'] as const) {
        const value = patch[field];
        if (value === undefined) continue;
        if (value.trim() === '') throw new LearningInputError(`a lesson needs a ${field}`, field);
        lesson[field] = value;
      }
      if (patch.dueAt !== undefined) {
        if (!Number.isFinite(patch.dueAt))
          throw new LearningInputError('dueAt must be a time (epoch ms)', 'dueAt');
        lesson.dueAt = patch.dueAt;
      }
      if (patch.note !== undefined) lesson.note = patch.note;
    });
  }

  /**
   * Marks a lesson done; the case's timeline records it.
   * @throws LearningNotFoundError, LearningInputError (already done)
   */
  async completeLesson(id: string, options: { by: string }): Promise<Lesson> {
    const lesson = await this.#change(id, (current, now) => {
      if (current.status === 'done')
        throw new LearningInputError(`lesson ${JSON.stringify(id)} is already done`, 'status');
      current.status = 'done';
      current.completedAt = now;
      current.completedBy = options.by;
    });
    await this.#cases.recordLearning(lesson.caseId, {
      type: 'lesson',
      lessonId: lesson.id,
      title: lesson.title,
      kind: lesson.kind,
      status: 'done',
      by: options.by,
    });
    return lesson;
  }

  /**
   * Records the customer's feedback on a case (several per case are kept; each is reported).
   * @throws LearningInputError (a score outside 1–5, no author), CaseNotFoundError
   */
  async recordFeedback(
    caseId: string,
    input: { score: number; comment?: string; by: string },
  ): Promise<ClientFeedback> {
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      throw new LearningInputError('the satisfaction score is a whole number from 1 to 5', 'score');
    if (typeof input.by !== 'string' || input.by.trim() === '')
      throw new LearningInputError('feedback needs the person who gives it', 'by');
    const item = await this.#cases.get(caseId);
    const feedback: ClientFeedback = {
      id: this.#createId(),
      tenant: this.#store.tenant,
      caseId: item.id,
      score: input.score as ClientFeedback['score'],
      comment: input.comment?.trim() || null,
      by: input.by,
      at: this.#clock.now(),
    };
    await this.#store.log.append(FEEDBACK_STREAM, [feedback as unknown as JsonValue]);
    await this.#cases.recordLearning(item.id, {
      type: 'feedback',
      score: feedback.score,
      comment: feedback.comment,
      by: feedback.by,
    });
    return feedback;
  }

  /** The tenant's feedback, oldest first, optionally of one case. */
  async listFeedback(filter: { caseId?: string } = {}): Promise<ClientFeedback[]> {
    const entries = await this.#store.log.read<JsonValue>(FEEDBACK_STREAM);
    return entries
      .map((entry) => entry.data as unknown as ClientFeedback)
      .filter((item) => filter.caseId === undefined || item.caseId === filter.caseId);
  }

  async #change(id: string, apply: (lesson: Lesson, now: number) => void): Promise<Lesson> {
    for (;;) {
      const current = await this.getLesson(id);
      const expected = current.version;
      apply(current, this.#clock.now());
      try {
        current.version = await this.#store.state.compareAndSet(
          lessonKey(id),
          expected,
          toStored(current),
        );
        return current;
      } catch (error) {
        if (!CompareAndSetConflict.isInstance(error)) throw error;
      }
    }
  }
}

function toStored(value: Lesson): JsonValue {
  const { version: _version, ...rest } = value;
  return rest as unknown as JsonValue;
}
