/**
 * What the OSINT object of an OCSF event needs from a STIX 2.1 indicator: its TLP from the
 * well-known marking definitions, its indicator type and value from the pattern, its pattern
 * language and its confidence band. Pattern parsing proper (and matching) is
 * `@openmdr/detections`'s; this reads only what the inventory event shows.
 */

/** TLP marking-definition ids of STIX 2.1 (TLP 1.0) and of the TLP 2.0 extension. */
export const STIX_TLP_MARKINGS: Readonly<Record<string, OsintTlp>> = {
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

/** OCSF `osint.tlp` values. */
export type OsintTlp = 'CLEAR' | 'WHITE' | 'GREEN' | 'AMBER' | 'AMBER STRICT' | 'RED';

const TLP_ORDER: readonly OsintTlp[] = ['CLEAR', 'WHITE', 'GREEN', 'AMBER', 'AMBER STRICT', 'RED'];

/** The most restrictive TLP among marking refs, or `undefined` when none is a TLP marking. */
export function tlpOfMarkings(refs: readonly string[]): OsintTlp | undefined {
  let found: OsintTlp | undefined;
  for (const ref of refs) {
    const tlp = STIX_TLP_MARKINGS[ref];
    if (
      tlp !== undefined &&
      (found === undefined || TLP_ORDER.indexOf(tlp) > TLP_ORDER.indexOf(found))
    )
      found = tlp;
  }
  return found;
}

/** OCSF `osint.type_id` by the STIX cyber-observable type a pattern compares. */
const OSINT_TYPE_BY_OBJECT: Readonly<Record<string, number>> = {
  'ipv4-addr': 1,
  'ipv6-addr': 1,
  'domain-name': 2,
  file: 4,
  artifact: 4,
  url: 5,
  'x509-certificate': 7,
  'email-message': 8,
  'email-addr': 9,
  'windows-registry-key': 12,
  process: 14,
};

/** OCSF `detection_pattern_type_id` by STIX `pattern_type`. */
const PATTERN_TYPE_IDS: Readonly<Record<string, number>> = {
  stix: 1,
  pcre: 2,
  sigma: 3,
  snort: 4,
  suricata: 5,
  yara: 6,
};

/** The `detection_pattern_type_id` of a STIX `pattern_type` (99 Other for the rest). */
export function patternTypeId(patternType: string | undefined): number {
  return patternType === undefined ? 0 : (PATTERN_TYPE_IDS[patternType.toLowerCase()] ?? 99);
}

const SIMPLE = /^\[\s*([a-z0-9-]+):([A-Za-z0-9_.'\- ]+?)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/;
const FIRST_OBJECT = /\[\s*([a-z0-9-]+):/;

/**
 * The indicator type and value a STIX pattern shows: for a single equality
 * (`[domain-name:value = 'evil.example']`) its type and literal; for anything else the type of
 * the first compared object and the whole pattern as the value.
 */
export function patternIndicator(pattern: string): { typeId: number; value: string } {
  const simple = SIMPLE.exec(pattern.trim());
  if (simple) {
    const [, object = '', , literal = ''] = simple;
    return {
      typeId: OSINT_TYPE_BY_OBJECT[object] ?? 99,
      value: literal.replace(/\\(.)/g, '$1'),
    };
  }
  const object = FIRST_OBJECT.exec(pattern)?.[1];
  return {
    typeId: object === undefined ? 0 : (OSINT_TYPE_BY_OBJECT[object] ?? 99),
    value: pattern,
  };
}

/** OCSF `confidence_id` of a STIX confidence (0–100): ≥ 70 High, ≥ 30 Medium, > 0 Low. */
export function confidenceIdOf(confidence: number | undefined): number | undefined {
  if (confidence === undefined) return undefined;
  if (confidence >= 70) return 3;
  if (confidence >= 30) return 2;
  return confidence > 0 ? 1 : 0;
}
