import { initial } from './0001-initial.js';
import { logKeys } from './0002-log-keys.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/**
 * Every migration of the SQL schema, in the order it is applied. PGlite and PostgreSQL run the
 * same list. Append new ones at the end; never edit one that was released.
 */
export const migrations: readonly Migration[] = [initial, logKeys];
