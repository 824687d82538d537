/** The kit's normalisation error, re-exported where the Windows normaliser first defined it. */
export { NormalizationError } from '../errors/normalization-error.js';
