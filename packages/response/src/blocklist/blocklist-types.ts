/** The lists a tenant's blocklist holds, one per External Dynamic List type. */
export const BLOCKLIST_TYPES = ['ip', 'domain', 'url'] as const;

/** A list type: `ip` (addresses and CIDR networks), `domain` or `url`. */
export type BlocklistType = (typeof BLOCKLIST_TYPES)[number];

/** One blocked value. */
export interface BlocklistEntry {
  /** The value as it is served (normalised: no URL scheme, lowercase host). */
  value: string;
  /** When it was (last) denied, epoch ms. */
  addedAt: number;
  /** When it stops being served, epoch ms; `null` never. */
  expiresAt: number | null;
  /** The request id of the deny command that added it. */
  requestId: string;
  /** Why, from `args['x-openmdr'].reason`. */
  reason?: string;
}

/** A tenant's list of one type, as stored in its state under `blocklist:<type>`. */
export interface BlocklistDocument {
  /** The entries by value. */
  entries: Record<string, BlocklistEntry>;
  /** When an entry was last added or removed, epoch ms. */
  updatedAt: number;
}
