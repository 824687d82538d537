// A local copy of the partition function of @openmdr/core's stream engines (being written on
// wip/21-streams as `partitionOf` in packages/core/src/streams). It must stay identical to it:
// a record's partition is the same whichever engine carries the stream. Replace this file with
// the import from @openmdr/core once that is merged.

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes, as an unsigned integer.
 * @internal
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The partition of a record key among `partitions` partitions: FNV-1a-32 of the key's UTF-8
 * bytes, modulo the partition count.
 * @internal
 */
export function partitionOf(key: string, partitions: number): number {
  return fnv1a32(key) % partitions;
}
