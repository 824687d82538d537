import type { RiskLevelId } from '@openmdr/core';
import { enumAttribute } from './enum-attribute.js';

/** An OCSF 1.8.0 `risk_level_id`: 0 Info, 1 Low, 2 Medium, 3 High, 4 Critical, 99 Other. */
export type RiskLevelIdValue = keyof typeof RiskLevelId;

const RISK_LEVELS: Readonly<Record<string, RiskLevelIdValue>> = {
  none: 0,
  info: 0,
  informational: 0,
  low: 1,
  medium: 2,
  moderate: 2,
  high: 3,
  critical: 4,
};

/** Vendor words for "no level known": no risk level is claimed for them. */
const NOT_KNOWN = new Set(['hidden', 'unknown', 'unknownfuturevalue', 'notavailable']);

/**
 * OCSF `risk_level_id` of a vendor risk level, in any case: Entra ID Protection and Defender
 * (`none`, `low`, `medium`, `high`; Defender `Informational`), Okta `debugData.risk`
 * (`{reasons=…, level=HIGH}`) or a bare level.
 *
 * `none` is Info (0): the vendor assessed the risk and found none, which is OCSF's lowest
 * level. `undefined` for no value, for the words that say no level is known (`hidden` when the
 * tenant's licence hides it, `unknown`, `unknownFutureValue`) and for an Okta risk without a
 * level; any other word is Other (99) — give it in `risk_level` ({@link riskLevelAttributes}).
 */
export function riskLevelOf(value: unknown): RiskLevelIdValue | undefined {
  const level = levelWord(value);
  return level === undefined ? undefined : (RISK_LEVELS[level.toLowerCase()] ?? 99);
}

/** The level a vendor value names (`HIGH` of `{reasons=…, level=HIGH}`), if it names one. */
function levelWord(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const level = (/level=(\w+)/i.exec(value)?.[1] ?? (value.includes('=') ? '' : value)).trim();
  return level === '' || NOT_KNOWN.has(level.toLowerCase()) ? undefined : level;
}

/**
 * The OCSF `risk_level_id` of a vendor risk level ({@link riskLevelOf}) with, for Other, the
 * vendor's level word in `risk_level`; `{}` when no level is known. Spread it into an event or object.
 */
export function riskLevelAttributes(value: unknown): {
  risk_level_id?: number;
  risk_level?: string;
} {
  return enumAttribute('risk_level', riskLevelOf(value), levelWord(value));
}
