/**
 * Loads indicators from STIX 2.1 objects: bundles (`type: bundle`), TAXII envelopes and plain
 * object arrays. Indicators take their TLP from the `marking-definition` objects they reference
 * (the four TLP 2.0 and 1.0 definitions are known by id), and are checked with the pattern
 * compiler so that unsupported patterns are reported per indicator.
 */
import { compileStixPattern } from './compile-pattern.js';
import type {
  IndicatorLoadResult,
  RejectedIndicator,
  ThreatIndicator,
  TlpLevel,
} from './indicator.js';

/** The STIX 2.1 TLP marking-definition ids (TLP 1.0 and 2.0). */
export const TLP_MARKING_IDS: Readonly<Record<string, TlpLevel>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'WHITE',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'CLEAR',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'GREEN',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'AMBER',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'AMBER STRICT',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'RED',
};

/** TLP levels ordered from least to most restrictive. */
const TLP_ORDER: readonly TlpLevel[] = ['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER STRICT', 'RED'];

/** Options of {@link loadStixObjects}. */
export interface LoadStixOptions {
  /** Source name recorded on each indicator and in rejections (file, collection). */
  source?: string;
  /** Also check patterns with the matcher and reject unsupported ones here. Default `true`. */
  checkPatterns?: boolean;
}

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function tlpOfMarking(object: Record<string, unknown>): TlpLevel | undefined {
  const known = TLP_MARKING_IDS[String(object['id'])];
  if (known !== undefined) return known;
  const definition = object['definition'];
  if (
    object['definition_type'] === 'tlp' &&
    typeof definition === 'object' &&
    definition !== null
  ) {
    const tlp = String((definition as Record<string, unknown>)['tlp'] ?? '').toUpperCase();
    return TLP_ORDER.find((level) => level === tlp);
  }
  const name = String(object['name'] ?? '').toUpperCase();
  const match = /^TLP:(CLEAR|WHITE|GREEN|AMBER\+STRICT|AMBER|RED)$/.exec(name);
  if (match !== null) return (match[1] === 'AMBER+STRICT' ? 'AMBER STRICT' : match[1]) as TlpLevel;
  return undefined;
}

/**
 * Loads the indicators of STIX 2.1 content: a bundle, a TAXII `objects` envelope, or an
 * array of objects. Objects other than `indicator` and `marking-definition` are ignored;
 * indicators with a `pattern_type` other than `stix`, without a pattern, or with a pattern
 * the matcher does not support are returned in `rejected` with the reason and
 * `objects[<index>]` location.
 */
export function loadStixObjects(
  content: unknown,
  options: LoadStixOptions = {},
): IndicatorLoadResult {
  const result: IndicatorLoadResult = { indicators: [], rejected: [] };
  const where = (index: number): string =>
    `${options.source === undefined ? '' : `${options.source} `}objects[${index}]`;
  let objects: unknown;
  if (Array.isArray(content)) objects = content;
  else if (typeof content === 'object' && content !== null) {
    objects = (content as Record<string, unknown>)['objects'] ?? [];
  }
  if (!Array.isArray(objects)) {
    result.rejected.push({
      code: 'INTEL_SOURCE_INVALID',
      reason: 'not a STIX bundle, TAXII envelope or array of STIX objects',
      ...(options.source === undefined ? {} : { location: options.source }),
    });
    return result;
  }
  const markings = new Map<string, TlpLevel>(Object.entries(TLP_MARKING_IDS));
  for (const object of objects)
    if (
      typeof object === 'object' &&
      object !== null &&
      (object as Record<string, unknown>)['type'] === 'marking-definition'
    ) {
      const tlp = tlpOfMarking(object as Record<string, unknown>);
      if (tlp !== undefined) markings.set(String((object as Record<string, unknown>)['id']), tlp);
    }
  objects.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null) {
      result.rejected.push({
        code: 'INTEL_SOURCE_INVALID',
        reason: 'not an object',
        location: where(index),
      });
      return;
    }
    const object = raw as Record<string, unknown>;
    if (object['type'] !== 'indicator') return;
    const id = typeof object['id'] === 'string' ? object['id'] : undefined;
    const reject = (code: string, reason: string, input?: string): void => {
      const rejected: RejectedIndicator = { code, reason, location: where(index) };
      if (id !== undefined) rejected.id = id;
      if (input !== undefined) rejected.input = input;
      result.rejected.push(rejected);
    };
    if (id === undefined || !id.startsWith('indicator--')) {
      reject('INTEL_SOURCE_INVALID', 'indicator without a valid id');
      return;
    }
    const patternType = object['pattern_type'] ?? 'stix';
    if (patternType !== 'stix') {
      reject(
        'INTEL_PATTERN_UNSUPPORTED',
        `pattern_type '${String(patternType)}' is not supported (only stix)`,
      );
      return;
    }
    const pattern = object['pattern'];
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      reject('INTEL_SOURCE_INVALID', 'indicator without a pattern');
      return;
    }
    if (options.checkPatterns !== false && object['revoked'] !== true) {
      const compiled = compileStixPattern(pattern);
      if (!compiled.ok) {
        reject(compiled.error.code, compiled.error.message, pattern);
        return;
      }
    }
    const indicator: ThreatIndicator = { id, pattern };
    if (typeof object['name'] === 'string') indicator.name = object['name'];
    if (typeof object['description'] === 'string') indicator.description = object['description'];
    if (typeof object['confidence'] === 'number') indicator.confidence = object['confidence'];
    const validFrom = parseTime(object['valid_from']);
    if (validFrom !== undefined) indicator.validFrom = validFrom;
    const validUntil = parseTime(object['valid_until']);
    if (validUntil !== undefined) indicator.validUntil = validUntil;
    const created = parseTime(object['created']);
    if (created !== undefined) indicator.created = created;
    const modified = parseTime(object['modified']);
    if (modified !== undefined) indicator.modified = modified;
    if (object['revoked'] === true) indicator.revoked = true;
    const labels = [
      ...(Array.isArray(object['labels']) ? object['labels'] : []),
      ...(Array.isArray(object['indicator_types']) ? object['indicator_types'] : []),
    ].filter((label): label is string => typeof label === 'string');
    if (labels.length > 0) indicator.labels = [...new Set(labels)];
    if (Array.isArray(object['kill_chain_phases'])) {
      indicator.killChainPhases = object['kill_chain_phases']
        .filter(
          (phase): phase is Record<string, unknown> => typeof phase === 'object' && phase !== null,
        )
        .map((phase) => ({
          killChainName: String(phase['kill_chain_name']),
          phaseName: String(phase['phase_name']),
        }));
    }
    const refs = Array.isArray(object['object_marking_refs']) ? object['object_marking_refs'] : [];
    let tlp: TlpLevel | undefined;
    for (const ref of refs) {
      const level = markings.get(String(ref));
      if (
        level !== undefined &&
        (tlp === undefined || TLP_ORDER.indexOf(level) > TLP_ORDER.indexOf(tlp))
      )
        tlp = level;
    }
    if (tlp !== undefined) indicator.tlp = tlp;
    if (options.source !== undefined) indicator.source = options.source;
    result.indicators.push(indicator);
  });
  return result;
}

/** Parses and loads a STIX 2.1 bundle from JSON text. */
export function loadStixBundle(json: string, options: LoadStixOptions = {}): IndicatorLoadResult {
  let content: unknown;
  try {
    content = JSON.parse(json);
  } catch (error) {
    return {
      indicators: [],
      rejected: [
        {
          code: 'INTEL_SOURCE_INVALID',
          reason: `not JSON: ${(error as Error).message}`,
          ...(options.source === undefined ? {} : { location: options.source }),
        },
      ],
    };
  }
  return loadStixObjects(content, options);
}
