/** Reading attributes of findings by dotted path (arrays are flattened). */

/** Every value at a dotted path; arrays along the way are flattened. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      for (const element of Array.isArray(item) ? item : [item]) {
        if (typeof element !== 'object' || element === null) continue;
        const child = (element as Record<string, unknown>)[part];
        if (child !== undefined && child !== null) next.push(child);
      }
    }
    current = next;
  }
  return current.flatMap((item) => (Array.isArray(item) ? item : [item]));
}

/** The string values at a dotted path. */
export function stringsAt(value: unknown, path: string): string[] {
  return valuesAt(value, path)
    .filter((item): item is string | number | boolean => typeof item !== 'object')
    .map(String);
}

/** The finding's `finding_info.uid`. */
export function findingUid(finding: Record<string, unknown>): string {
  return stringsAt(finding, 'finding_info.uid')[0] ?? '';
}

/** The finding's event time (`time`, else `finding_info.last_seen_time`), or `fallback`. */
export function findingTime(finding: Record<string, unknown>, fallback: number): number {
  const time = finding['time'];
  return typeof time === 'number' ? time : fallback;
}
