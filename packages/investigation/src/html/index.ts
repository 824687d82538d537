/**
 * The investigation page: {@link renderInvestigationHtml} and the {@link InvestigationReport} it
 * draws.
 *
 * @module
 */
export type { InvestigationReport } from './investigation-report.js';
export {
  type InvestigationHtmlOptions,
  renderInvestigationHtml,
} from './render-investigation-html.js';
