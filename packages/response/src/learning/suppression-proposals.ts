import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  type Store,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import { type SuppressionRule, suppressionRuleSchema } from '@openmdr/detections';
import {
  LearningInputError,
  LearningNotFoundError,
  SuppressionProposalReviewedError,
} from './learning-errors.js';
import {
  type ProposeSuppressionsOptions,
  proposeSuppressions,
  type SuppressionProposalDraft,
} from './propose-suppressions.js';
import type { Verdict } from './verdict-types.js';

/** Where a proposal is in its review. */
export type SuppressionProposalStatus = 'proposed' | 'approved' | 'rejected';

/** A suppression proposal, as stored. */
export interface SuppressionProposal extends SuppressionProposalDraft {
  tenant: string;
  status: SuppressionProposalStatus;
  /** How long the suppression lasts once approved (ms). */
  ttlMs: number;
  proposedAt: number;
  /** Last time fresh verdicts refreshed its basis (epoch ms). */
  updatedAt: number;
  reviewedBy: string | null;
  reviewedAt: number | null;
  reviewNote: string | null;
  /** When the approved suppression stops applying (epoch ms); `null` until approved. */
  expiresAt: number | null;
  /** Store version. */
  version: number;
}

/** Options of {@link SuppressionProposalService}. */
export interface SuppressionProposalServiceOptions {
  store: Store;
  /** Defaults to the system clock. */
  clock?: Clock;
  /** How long an approved suppression lasts unless the reviewer says. Default 30 days. */
  defaultTtlMs?: number;
}

const DAY = 86_400_000;
const INDEX = 'suppression-proposals:index';
const keyOf = (id: string) => `suppression-proposal:${id}`;

/**
 * Suppression proposals of every tenant: made from false-positive verdicts, reviewed by a person
 * (proposed → approved or rejected), expiring. Only approved, unexpired proposals are active;
 * {@link TenantSuppressionProposals.active} returns them as triage suppression rules.
 *
 * @example
 * ```ts
 * const proposals = new SuppressionProposalService({ store }).forTenant('acme');
 * await proposals.propose(await verdicts.list());
 * await proposals.approve(id, { by: 'lead@mssp.example' });
 * const triage = resolveTriageConfig({ suppressions: [...own, ...(await proposals.active())] });
 * ```
 */
export class SuppressionProposalService {
  readonly #options: SuppressionProposalServiceOptions;

  constructor(options: SuppressionProposalServiceOptions) {
    this.#options = options;
  }

  /** The proposals of one tenant. */
  forTenant(tenant: string): TenantSuppressionProposals {
    return new TenantSuppressionProposals(
      this.#options.store.forTenant(tenant),
      this.#options.clock ?? systemClock,
      this.#options.defaultTtlMs ?? 30 * DAY,
    );
  }
}

/** The suppression proposals of one tenant. Obtained from {@link SuppressionProposalService.forTenant}. */
export class TenantSuppressionProposals {
  readonly #store: TenantStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;

  /** @internal */
  constructor(store: TenantStore, clock: Clock, ttlMs: number) {
    this.#store = store;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /**
   * Computes proposals from `verdicts` ({@link proposeSuppressions}) and stores them: a new one is
   * `proposed`; one still `proposed` gets its basis refreshed; an approved or rejected one is left
   * as reviewed (a rejected proposal is not proposed again). Returns the proposals made or refreshed.
   */
  async propose(
    verdicts: readonly Verdict[],
    options: ProposeSuppressionsOptions & { ttlMs?: number } = {},
  ): Promise<SuppressionProposal[]> {
    const touched: SuppressionProposal[] = [];
    for (const draft of proposeSuppressions(verdicts, options)) {
      for (;;) {
        const found = await this.#store.state.get<JsonValue>(keyOf(draft.id));
        const now = this.#clock.now();
        let next: SuppressionProposal;
        if (found === undefined) {
          next = {
            ...draft,
            tenant: this.#store.tenant,
            status: 'proposed',
            ttlMs: options.ttlMs ?? this.#ttlMs,
            proposedAt: now,
            updatedAt: now,
            reviewedBy: null,
            reviewedAt: null,
            reviewNote: null,
            expiresAt: null,
            version: 0,
          };
        } else {
          const current = fromStored(found.value, found.version);
          if (current.status !== 'proposed') break;
          next = { ...current, ...draft, updatedAt: now };
        }
        try {
          next.version = await this.#store.state.compareAndSet(
            keyOf(draft.id),
            found?.version ?? null,
            toStored(next),
          );
        } catch (error) {
          if (CompareAndSetConflict.isInstance(error)) continue;
          throw error;
        }
        if (found === undefined) await this.#store.log.append(INDEX, [draft.id]);
        touched.push(next);
        break;
      }
    }
    return touched;
  }

  /** @throws LearningNotFoundError */
  async get(id: string): Promise<SuppressionProposal> {
    const found = await this.#store.state.get<JsonValue>(keyOf(id));
    if (found === undefined) throw new LearningNotFoundError(id, 'suppression proposal');
    return fromStored(found.value, found.version);
  }

  /** The tenant's proposals in the order they were first made, optionally of one status. */
  async list(filter: { status?: SuppressionProposalStatus } = {}): Promise<SuppressionProposal[]> {
    const out: SuppressionProposal[] = [];
    for (const { data: id } of await this.#store.log.read<string>(INDEX)) {
      const found = await this.#store.state.get<JsonValue>(keyOf(id));
      if (found === undefined) continue;
      const item = fromStored(found.value, found.version);
      if (filter.status === undefined || item.status === filter.status) out.push(item);
    }
    return out;
  }

  /**
   * Approves a proposal: the suppression applies from now until `expiresAt` (default now + the
   * proposal's TTL), owned by the reviewer.
   * @throws LearningNotFoundError, SuppressionProposalReviewedError, LearningInputError (an expiry in the past)
   */
  async approve(
    id: string,
    review: { by: string; expiresAt?: number; note?: string },
  ): Promise<SuppressionProposal> {
    return this.#review(id, review.by, (current, now) => {
      const expiresAt = review.expiresAt ?? now + current.ttlMs;
      if (!(expiresAt > now))
        throw new LearningInputError('a suppression must expire in the future', 'expiresAt');
      current.status = 'approved';
      current.expiresAt = expiresAt;
      current.reviewNote = review.note ?? null;
    });
  }

  /** Rejects a proposal. @throws LearningNotFoundError, SuppressionProposalReviewedError */
  async reject(id: string, review: { by: string; note?: string }): Promise<SuppressionProposal> {
    return this.#review(id, review.by, (current) => {
      current.status = 'rejected';
      current.reviewNote = review.note ?? null;
    });
  }

  /**
   * The approved, unexpired proposals as triage suppression rules (`triageConfig.suppressions`),
   * each owned by its reviewer, with the proposal's reason and expiry.
   */
  async active(now: number = this.#clock.now()): Promise<SuppressionRule[]> {
    return (await this.list({ status: 'approved' }))
      .filter((item) => item.expiresAt !== null && now < item.expiresAt)
      .map((item) => toSuppressionRule(item));
  }

  async #review(
    id: string,
    by: string,
    apply: (current: SuppressionProposal, now: number) => void,
  ): Promise<SuppressionProposal> {
    if (typeof by !== 'string' || by.trim() === '')
      throw new LearningInputError('a review needs the reviewer', 'by');
    for (;;) {
      const current = await this.get(id);
      if (current.status !== 'proposed')
        throw new SuppressionProposalReviewedError(id, current.status);
      const now = this.#clock.now();
      const expected = current.version;
      apply(current, now);
      current.reviewedBy = by;
      current.reviewedAt = now;
      current.updatedAt = now;
      try {
        current.version = await this.#store.state.compareAndSet(
          keyOf(id),
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

/** An approved proposal as a triage suppression rule (validated by the triage schema). */
export function toSuppressionRule(proposal: SuppressionProposal): SuppressionRule {
  return suppressionRuleSchema.parse({
    id: proposal.id,
    reason: proposal.reason,
    owner: proposal.reviewedBy ?? 'unreviewed',
    expiresAt: proposal.expiresAt ?? 0,
    match: proposal.match,
  });
}

function toStored(value: SuppressionProposal): JsonValue {
  const { version: _version, ...rest } = value;
  return rest as unknown as JsonValue;
}

function fromStored(value: JsonValue, version: number): SuppressionProposal {
  return { ...(structuredClone(value) as unknown as SuppressionProposal), version };
}
