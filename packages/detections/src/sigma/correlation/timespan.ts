const units: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/**
 * Parses a Sigma timespan (`<integer><unit>`: `s`, `m`, `h`, `d`; `w`, `M` (30 days) and `y`
 * are accepted too) to milliseconds; `undefined` when it is not one.
 */
export function parseTimespan(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)([smhdwMy])$/.exec(value.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = units[match[2] as string] as number;
  return amount > 0 ? amount * unit : undefined;
}
