/**
 * `@openmdr/dashboard`: the SOC operations (typed, tenant- and role-checked reads and actions over
 * the store and the bus), a JSON API and live event stream mountable in any Node server, and the
 * single-page dashboard it serves.
 *
 * @packageDocumentation
 */

export * from './access/principal.js';
export type * from './operations/types.js';
