import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type JsonValue,
  type Store,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import type { CaseService, TenantCases } from '../cases/case-service.js';
import { findingFacts } from './finding-facts.js';
import { latestVerdicts } from './latest-verdicts.js';
import { LearningInputError } from './learning-errors.js';
import { type PrecisionOptions, type PrecisionReport, verdictPrecision } from './precision.js';
import {
  VERDICT_KINDS,
  type Verdict,
  type VerdictKind,
  type VerdictRole,
  type VerdictSubject,
} from './verdict-types.js';

/** Options of {@link VerdictService}. */
export interface VerdictServiceOptions {
  /** Any core store: memory, PGlite, PostgreSQL or Redis. */
  store: Store;
  /** The case service over the same store: a verdict on a case (or on one of its findings) goes on its timeline. */
  cases: CaseService;
  /** Stamps every verdict. Defaults to the system clock. */
  clock?: Clock;
  /** Makes verdict ids. Defaults to `randomUUID`. */
  createId?: () => string;
}

/** What a verdict says and who says it. */
export interface VerdictInput {
  verdict: VerdictKind;
  /** Why; required and not blank. */
  reason: string;
  /** The analyst's or the customer contact's id. */
  by: string;
  /** Default `analyst`. */
  role?: VerdictRole;
}

/** Which verdicts {@link TenantVerdicts.list} returns. */
export interface VerdictListOptions {
  /** Only verdicts given at or after this time (epoch ms). */
  since?: number;
  /** Only verdicts given before this time (epoch ms). */
  until?: number;
  /** Every verdict, re-judged ones included, instead of the latest per subject. Default false. */
  history?: boolean;
  /** Only verdicts on findings or only on cases. */
  subject?: 'finding' | 'case';
}

const STREAM = 'verdicts';

/**
 * Verdicts of every tenant over a core store: true positive, benign true positive or false
 * positive, with a reason, by an analyst or the customer, on a finding or a case. Verdicts are an
 * append-only log per tenant, so re-judging keeps the history and the latest verdict of a subject
 * wins. A verdict on a case, or on a finding of a case, is also written on the case's timeline.
 *
 * A service of its own rather than methods of {@link CaseService}: findings are judged whether or
 * not a case was opened for them (a false positive set aside at triage is the commonest verdict),
 * and suppression proposals and precision read every verdict of a tenant at once, which a case's
 * single compare-and-set record is not made for.
 *
 * @example
 * ```ts
 * const verdicts = new VerdictService({ store, cases: caseService }).forTenant('acme');
 * await verdicts.judgeFinding(finding, { verdict: 'false-positive', reason: 'Backup agent', by: 'kim' });
 * await verdicts.judgeCase(caseId, { verdict: 'true-positive', reason: 'Confirmed', by: 'kim' });
 * const { byRule } = await verdicts.precision();
 * ```
 */
export class VerdictService {
  readonly #options: VerdictServiceOptions;

  constructor(options: VerdictServiceOptions) {
    this.#options = options;
  }

  /** The verdicts of one tenant. */
  forTenant(tenant: string): TenantVerdicts {
    return new TenantVerdicts(
      this.#options.store.forTenant(tenant),
      this.#options.cases.forTenant(tenant),
      this.#options.clock ?? systemClock,
      this.#options.createId ?? randomUUID,
    );
  }
}

/** The verdicts of one tenant. Obtained from {@link VerdictService.forTenant}. */
export class TenantVerdicts {
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

  /** The tenant. */
  get tenant(): string {
    return this.#store.tenant;
  }

  /**
   * Judges a finding (the OCSF object: its rule, source and entities are kept with the verdict).
   * With `caseId`, the verdict also goes on that case's timeline.
   * @throws LearningInputError for an unknown verdict, a blank reason or a finding without `finding_info.uid`.
   * @throws CaseNotFoundError when `caseId` names no case.
   */
  async judgeFinding(
    finding: Record<string, unknown>,
    input: VerdictInput & { caseId?: string },
  ): Promise<Verdict> {
    const facts = findingFacts(finding);
    if (facts.findingId === '')
      throw new LearningInputError('the finding has no finding_info.uid', 'finding');
    const caseId = input.caseId === undefined ? null : (await this.#cases.get(input.caseId)).id;
    return this.#record({ kind: 'finding', findingId: facts.findingId, caseId }, input, facts);
  }

  /**
   * Judges a case as a whole; the verdict goes on its timeline (on the survivor of a merged case).
   * @throws LearningInputError, CaseNotFoundError
   */
  async judgeCase(caseId: string, input: VerdictInput): Promise<Verdict> {
    const item = await this.#cases.get(caseId);
    return this.#record({ kind: 'case', caseId: item.id }, input, null);
  }

  async #record(
    subject: VerdictSubject,
    input: VerdictInput,
    finding: Verdict['finding'],
  ): Promise<Verdict> {
    const role = input.role ?? 'analyst';
    if (!VERDICT_KINDS.includes(input.verdict))
      throw new LearningInputError(
        `unknown verdict ${JSON.stringify(input.verdict)} (expected ${VERDICT_KINDS.join(', ')})`,
        'verdict',
      );
    if (typeof input.reason !== 'string' || input.reason.trim() === '')
      throw new LearningInputError('a verdict needs a reason', 'reason');
    if (typeof input.by !== 'string' || input.by.trim() === '')
      throw new LearningInputError('a verdict needs the person who gives it', 'by');
    if (role !== 'analyst' && role !== 'customer')
      throw new LearningInputError(`unknown role ${JSON.stringify(role)}`, 'role');
    const stored: Omit<Verdict, 'sequence'> = {
      id: this.#createId(),
      tenant: this.#store.tenant,
      subject,
      verdict: input.verdict,
      reason: input.reason.trim(),
      by: input.by,
      role,
      at: this.#clock.now(),
      finding,
    };
    const [entry] = await this.#store.log.append(STREAM, [stored as unknown as JsonValue]);
    const caseId = subject.caseId;
    if (caseId !== null)
      await this.#cases.recordLearning(caseId, {
        type: 'verdict',
        subject: subject.kind,
        findingId: subject.kind === 'finding' ? subject.findingId : null,
        verdict: stored.verdict,
        reason: stored.reason,
        by: stored.by,
        role,
      });
    return { ...stored, sequence: entry?.sequence ?? 0 };
  }

  /** Every verdict on a finding (by `finding_info.uid`) or a case, oldest first. */
  async history(subject: { findingId: string } | { caseId: string }): Promise<Verdict[]> {
    return (await this.#all()).filter((verdict) =>
      'findingId' in subject
        ? verdict.subject.kind === 'finding' && verdict.subject.findingId === subject.findingId
        : verdict.subject.kind === 'case' && verdict.subject.caseId === subject.caseId,
    );
  }

  /** The verdict in force on a finding or a case (the latest), or `null`. */
  async latest(subject: { findingId: string } | { caseId: string }): Promise<Verdict | null> {
    return (await this.history(subject)).at(-1) ?? null;
  }

  /** The tenant's verdicts: the latest per subject (or every one with `history`), oldest first. */
  async list(options: VerdictListOptions = {}): Promise<Verdict[]> {
    const all = await this.#all();
    const chosen = options.history === true ? all : latestVerdicts(all);
    return chosen.filter(
      (verdict) =>
        (options.since === undefined || verdict.at >= options.since) &&
        (options.until === undefined || verdict.at < options.until) &&
        (options.subject === undefined || verdict.subject.kind === options.subject),
    );
  }

  /** Precision per rule and per source from the tenant's finding verdicts (see {@link verdictPrecision}). */
  async precision(options: PrecisionOptions = {}): Promise<PrecisionReport> {
    return verdictPrecision(await this.#all(), options);
  }

  async #all(): Promise<Verdict[]> {
    const entries = await this.#store.log.read<JsonValue>(STREAM);
    return entries.map((entry) => ({
      ...(entry.data as unknown as Omit<Verdict, 'sequence'>),
      sequence: entry.sequence,
    }));
  }
}
