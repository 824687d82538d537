import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type Store,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import type { CaseService, TenantCases } from '../cases/case-service.js';
import { ReviewConflictError, ReviewInvalidError, ReviewNotFoundError } from './review-errors.js';
import type { PostIncidentReview, PostIncidentReviewContent } from './review-types.js';

/** Options of {@link ReviewService}. */
export interface ReviewServiceOptions {
  store: Store;
  /** The case service over the same store: the review checks the case is closed and goes on its timeline. */
  cases: CaseService;
  clock?: Clock;
}

/** The fields an editor may change. */
export type ReviewEdit = Partial<Omit<PostIncidentReviewContent, 'caseId'>>;

const EDITABLE = new Set<string>([
  'title',
  'severity',
  'verdict',
  'summary',
  'detectedAt',
  'containedAt',
  'closedAt',
  'attackerTimeline',
  'attackerTimelineOmitted',
  'socTimeline',
  'scope',
  'origin',
  'impact',
  'detectionGaps',
  'ruleLatency',
  'responseTimes',
  'actions',
  'whatWorked',
  'whatToChange',
  'notes',
]);

const keyOf = (caseId: string) => `review:${caseId}`;

/**
 * Post-incident reviews of every tenant, one per case, over a core store. A review starts as the
 * draft {@link draftPostIncidentReview} makes from a closed case; editors change it with
 * compare-and-set (`expectedVersion`), then finalise it, after which it no longer changes. Each
 * save and the finalisation are written on the case's timeline.
 *
 * @example
 * ```ts
 * const reviews = new ReviewService({ store, cases: caseService }).forTenant('acme');
 * const draft = draftPostIncidentReview({ case: closed, caseTimeline, audit, slaPolicy, findings });
 * let review = await reviews.create(draft, { by: 'kim' });
 * review = await reviews.update(closed.id, { summary: '…' }, { by: 'kim', expectedVersion: review.version });
 * await reviews.finalize(closed.id, { by: 'lead', expectedVersion: review.version });
 * ```
 */
export class ReviewService {
  readonly #options: ReviewServiceOptions;

  constructor(options: ReviewServiceOptions) {
    this.#options = options;
  }

  /** The reviews of one tenant. */
  forTenant(tenant: string): TenantReviews {
    return new TenantReviews(
      this.#options.store.forTenant(tenant),
      this.#options.cases.forTenant(tenant),
      this.#options.clock ?? systemClock,
    );
  }
}

/** The post-incident reviews of one tenant. Obtained from {@link ReviewService.forTenant}. */
export class TenantReviews {
  readonly #store: TenantStore;
  readonly #cases: TenantCases;
  readonly #clock: Clock;

  /** @internal */
  constructor(store: TenantStore, cases: TenantCases, clock: Clock) {
    this.#store = store;
    this.#cases = cases;
    this.#clock = clock;
  }

  /**
   * Stores a draft review of a closed case.
   * @throws CaseNotFoundError; ReviewInvalidError when the case is not closed or already has a review.
   */
  async create(
    content: PostIncidentReviewContent,
    options: { by: string },
  ): Promise<PostIncidentReview> {
    const item = await this.#cases.get(content.caseId, { followMerge: false });
    if (item.status !== 'closed')
      throw new ReviewInvalidError(item.id, `the case is ${item.status}; close it first`);
    const now = this.#clock.now();
    const review: PostIncidentReview = {
      ...structuredClone(content),
      tenant: this.#store.tenant,
      status: 'draft',
      createdAt: now,
      createdBy: options.by,
      updatedAt: now,
      updatedBy: options.by,
      finalizedAt: null,
      finalizedBy: null,
      version: 0,
    };
    try {
      review.version = await this.#store.state.compareAndSet(
        keyOf(item.id),
        null,
        toStored(review),
      );
    } catch (error) {
      if (CompareAndSetConflict.isInstance(error))
        throw new ReviewInvalidError(item.id, 'a review already exists; update it');
      throw error;
    }
    await this.#cases.recordLearning(item.id, {
      type: 'review',
      status: 'draft',
      version: review.version,
      by: options.by,
    });
    return review;
  }

  /** The review of a case. @throws ReviewNotFoundError */
  async get(caseId: string): Promise<PostIncidentReview> {
    const found = await this.#store.state.get<JsonValue>(keyOf(caseId));
    if (found === undefined) throw new ReviewNotFoundError(caseId);
    return {
      ...(structuredClone(found.value) as unknown as PostIncidentReview),
      version: found.version,
    };
  }

  /**
   * Edits a draft: the fields given replace the stored ones, only if the review is still at
   * `expectedVersion`.
   * @throws ReviewNotFoundError, ReviewConflictError (stale version), ReviewInvalidError (final, or an unknown field)
   */
  async update(
    caseId: string,
    edit: ReviewEdit,
    options: { by: string; expectedVersion: number },
  ): Promise<PostIncidentReview> {
    for (const field of Object.keys(edit))
      if (!EDITABLE.has(field)) throw new ReviewInvalidError(caseId, `${field} cannot be edited`);
    return this.#change(caseId, options.expectedVersion, (review, now) => {
      Object.assign(review, structuredClone(edit));
      review.updatedAt = now;
      review.updatedBy = options.by;
    });
  }

  /**
   * Makes the review final: it no longer changes. The case's timeline records it.
   * @throws ReviewNotFoundError, ReviewConflictError, ReviewInvalidError (already final)
   */
  async finalize(
    caseId: string,
    options: { by: string; expectedVersion: number },
  ): Promise<PostIncidentReview> {
    const review = await this.#change(caseId, options.expectedVersion, (current, now) => {
      current.status = 'final';
      current.finalizedAt = now;
      current.finalizedBy = options.by;
      current.updatedAt = now;
      current.updatedBy = options.by;
    });
    await this.#cases.recordLearning(caseId, {
      type: 'review',
      status: 'final',
      version: review.version,
      by: options.by,
    });
    return review;
  }

  async #change(
    caseId: string,
    expectedVersion: number,
    apply: (review: PostIncidentReview, now: number) => void,
  ): Promise<PostIncidentReview> {
    const review = await this.get(caseId);
    if (review.version !== expectedVersion) throw new ReviewConflictError(caseId, expectedVersion);
    if (review.status === 'final') throw new ReviewInvalidError(caseId, 'the review is final');
    apply(review, this.#clock.now());
    try {
      review.version = await this.#store.state.compareAndSet(
        keyOf(caseId),
        expectedVersion,
        toStored(review),
      );
    } catch (error) {
      if (CompareAndSetConflict.isInstance(error))
        throw new ReviewConflictError(caseId, expectedVersion, { cause: error });
      throw error;
    }
    return review;
  }
}

function toStored(value: PostIncidentReview): JsonValue {
  const { version: _version, ...rest } = value;
  return rest as unknown as JsonValue;
}
