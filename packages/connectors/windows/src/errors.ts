/** The kit's normalisation error, re-exported where the Windows normaliser first defined it. */
export { NormalizationError } from '@openmdr/connector-kit';
