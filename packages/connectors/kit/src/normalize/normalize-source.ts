import type { NormalizedEvent } from '../connector/define-connector.js';
import { NormalizationError } from '../errors/normalization-error.js';

/** Options of every EDR normaliser. */
export interface NormalizeOptions {
  /** Keep the original record, as JSON text, in the OCSF `raw_data` attribute. Default `false`. */
  includeRawData?: boolean;
}

/**
 * A normaliser the `openmdr normalize` command can pick by `id`: `<connector>/<stream>` for one
 * stream, or the connector id alone for any of its streams, told apart by shape.
 */
export interface NormalizeSource {
  /** `crowdstrike/alerts`, or `crowdstrike` for every stream. */
  readonly id: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** True when a raw record has this source's shape. */
  matches(record: unknown): boolean;
  /** Normalises one raw record; throws a typed error naming the field when it cannot. */
  normalize(record: unknown, options?: NormalizeOptions): NormalizedEvent;
}

/**
 * The sources of a connector: one per stream, then one under the connector id alone that picks
 * the first stream source whose `matches` accepts a record.
 */
export function connectorSources(
  connectorId: string,
  vendorName: string,
  streams: readonly NormalizeSource[],
): NormalizeSource[] {
  const any: NormalizeSource = {
    id: connectorId,
    summary: `${vendorName} records of any stream (${streams.map((source) => source.id.split('/')[1]).join(', ')}), told apart by shape`,
    matches: (record) => streams.some((source) => source.matches(record)),
    normalize: (record, options) => {
      const source = streams.find((candidate) => candidate.matches(record));
      if (!source) {
        throw new NormalizationError(
          `record is none of the ${vendorName} record shapes (${streams.map((candidate) => candidate.id).join(', ')})`,
          { path: '(record)' },
        );
      }
      return source.normalize(record, options);
    },
  };
  return [...streams, any];
}
