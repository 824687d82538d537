/** Post-incident reviews: drafted from a closed case, edited, finalised, rendered. */
export { type DraftReviewInput, draftPostIncidentReview } from './draft-review.js';
export { renderReviewHtml, renderReviewMarkdown } from './render-review.js';
export { ReviewConflictError, ReviewInvalidError, ReviewNotFoundError } from './review-errors.js';
export {
  type ReviewEdit,
  ReviewService,
  type ReviewServiceOptions,
  TenantReviews,
} from './review-service.js';
export type * from './review-types.js';
