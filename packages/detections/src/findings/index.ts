export {
  SIGMA_LEVEL_SEVERITY,
  type SigmaFindingOptions,
  toDetectionFinding,
} from './sigma-finding.js';
