/**
 * Compares two entry ids of one partition: Redis Streams ids (`ms-seq`) and Kafka offsets
 * (decimal strings) compare numerically, part by part (a missing part counts as 0), so
 * `'9-0' < '10-0'` and `'5' < '12'`, which string comparison gets wrong.
 * @returns a negative number when `a` comes before `b`, 0 when they are equal, a positive number
 * after.
 */
export function compareEntryIds(a: string, b: string): number {
  const left = a.split('-');
  const right = b.split('-');
  const parts = Math.max(left.length, right.length);
  for (let index = 0; index < parts; index += 1) {
    const order = compareDecimal(left[index] ?? '0', right[index] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares two non-negative decimal strings of any length without converting them. */
function compareDecimal(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

const encoder = new TextEncoder();

/**
 * The partition of a record key: the FNV-1a 32-bit hash of the key's UTF-8 bytes, modulo
 * `partitions`. Stable across processes, engines and versions, so records with the same key
 * always meet the same partition (and the same stage state).
 */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
