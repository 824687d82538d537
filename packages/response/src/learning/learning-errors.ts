import { OpenMdrError } from '@openmdr/core';

/**
 * A verdict, lesson or feedback that cannot be recorded: an unknown verdict kind, an empty
 * reason, a score outside 1–5, a due date that is not a time. Code `LEARNING_INVALID`;
 * `details.field` names the input field.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#learning_invalid | LEARNING_INVALID} in the error reference
 */
export class LearningInputError extends OpenMdrError {
  /** Marks invalid learning inputs (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.response.LearningInputError');
  declare readonly code: 'LEARNING_INVALID';
  /** The input field at fault. */
  readonly field: string;
  constructor(message: string, field = '(input)') {
    super('LEARNING_INVALID', message, { details: { field } });
    this.name = 'LearningInputError';
    this.field = field;
  }
}

/**
 * No lesson or suppression proposal with that id in this tenant. Code `LEARNING_NOT_FOUND`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#learning_not_found | LEARNING_NOT_FOUND} in the error reference
 */
export class LearningNotFoundError extends OpenMdrError {
  /** Marks missing lessons and proposals (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.LearningNotFoundError',
  );
  declare readonly code: 'LEARNING_NOT_FOUND';
  /** The id asked for. */
  readonly id: string;
  constructor(id: string, what = 'record') {
    super('LEARNING_NOT_FOUND', `${what} ${JSON.stringify(id)} not found`, {
      details: { id, what },
    });
    this.name = 'LearningNotFoundError';
    this.id = id;
  }
}

/**
 * A suppression proposal was already reviewed (approved or rejected), so it cannot be reviewed
 * again; propose anew from fresh verdicts instead. Code `SUPPRESSION_PROPOSAL_REVIEWED`.
 * @see {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#suppression_proposal_reviewed | SUPPRESSION_PROPOSAL_REVIEWED} in the error reference
 */
export class SuppressionProposalReviewedError extends OpenMdrError {
  /** Marks second reviews of a proposal (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for(
    'openmdr.error.response.SuppressionProposalReviewedError',
  );
  declare readonly code: 'SUPPRESSION_PROPOSAL_REVIEWED';
  constructor(id: string, status = 'reviewed') {
    super(
      'SUPPRESSION_PROPOSAL_REVIEWED',
      `suppression proposal ${JSON.stringify(id)} is already ${status}`,
      { details: { id, status } },
    );
    this.name = 'SuppressionProposalReviewedError';
  }
}
