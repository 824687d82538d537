import { CompareAndSetConflict, type JsonValue, type TenantStore } from '@openmdr/core';
import type { BlocklistDocument, BlocklistEntry, BlocklistType } from './blocklist-types.js';

const MAX_ATTEMPTS = 20;

/** The state key of a tenant's list of one type. */
export const blocklistKey = (list: BlocklistType): string => `blocklist:${list}`;

/** A tenant's list as read, with its state version (`null` before the first write). */
export interface ReadBlocklist {
  /** The list (no entries and `updatedAt` 0 before the first write). */
  document: BlocklistDocument;
  /** The state version, for compare-and-set. */
  version: number | null;
}

/** Reads a tenant's list of one type (empty when never written). */
export async function readBlocklist(
  store: TenantStore,
  list: BlocklistType,
): Promise<ReadBlocklist> {
  const found = await store.state.get(blocklistKey(list));
  if (found === undefined) return { document: { entries: {}, updatedAt: 0 }, version: null };
  return { document: found.value as unknown as BlocklistDocument, version: found.version };
}

/** Whether an entry is still served at `now`. */
export const isLive = (entry: BlocklistEntry, now: number): boolean =>
  entry.expiresAt === null || entry.expiresAt > now;

/**
 * Changes a tenant's list with compare-and-set, retrying when another writer came first, and drops
 * expired entries on the way. `change` gets a copy of the entries and returns whether it changed
 * something (nothing is written when not).
 * @returns what `change` returned.
 */
export async function updateBlocklist(
  store: TenantStore,
  list: BlocklistType,
  now: number,
  change: (entries: Record<string, BlocklistEntry>) => boolean,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const { document, version } = await readBlocklist(store, list);
    const entries: Record<string, BlocklistEntry> = {};
    let pruned = false;
    let lastExpiry = document.updatedAt;
    for (const [value, entry] of Object.entries(document.entries)) {
      if (isLive(entry, now)) entries[value] = entry;
      else {
        pruned = true;
        lastExpiry = Math.max(lastExpiry, entry.expiresAt ?? 0);
      }
    }
    const changed = change(entries);
    if (!changed && !pruned) return false;
    const next: BlocklistDocument = {
      entries,
      // An expired entry left the served list when it expired: keep that as the last change.
      updatedAt: changed ? now : lastExpiry,
    };
    try {
      await store.state.compareAndSet(blocklistKey(list), version, next as unknown as JsonValue);
      return changed;
    } catch (error) {
      if (!(error instanceof CompareAndSetConflict) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
