import type { TenantId } from '../runtime/tenant.js';

/**
 * An event on its way through a pipeline: the tenant it belongs to, a stable id (the same event
 * read twice has the same id, so duplicates are removed downstream) and the event itself.
 */
export interface Envelope<T> {
  /** The tenant the event belongs to. */
  tenant: TenantId;
  /** A stable id: a vendor's event id, or a hash of the record. */
  id: string;
  /** The event. */
  event: T;
}
