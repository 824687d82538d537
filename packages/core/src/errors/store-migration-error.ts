import type { StoreMigrationErrorCode } from './error-codes.js';
import { OpenMdrError, type OpenMdrErrorOptions } from './openmdr-error.js';

/**
 * Moving a store's data to another store (`migrateStore`, `openmdr store migrate`) stopped: the
 * target holds other data for the tenants being moved (`STORE_MIGRATION_CONFLICT`), the copy does
 * not match the source (`STORE_MIGRATION_MISMATCH`), the run was aborted and can be resumed
 * (`STORE_MIGRATION_ABORTED`), or the two stores cannot be paired (`STORE_MIGRATION`). `table`
 * and `tenant` name where, when known.
 *
 * Code: see
 * {@link https://github.com/openmdr/openmdr/blob/main/docs/reference/errors.md#store_migration | the error reference}.
 */
export class StoreMigrationError extends OpenMdrError {
  /** Marks store migration errors (see {@link OpenMdrError.marker}). */
  static override readonly marker: symbol = Symbol.for('openmdr.error.core.StoreMigrationError');
  declare readonly code: StoreMigrationErrorCode;
  /** The table concerned, when there is one. */
  readonly table: string | undefined;
  /** The tenant concerned, when there is one. */
  readonly tenant: string | undefined;

  constructor(
    message: string,
    options: OpenMdrErrorOptions & {
      code?: StoreMigrationErrorCode;
      table?: string;
      tenant?: string;
    } = {},
  ) {
    const details = {
      ...(options.table === undefined ? {} : { table: options.table }),
      ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
      ...options.details,
    };
    const { code, table, tenant, ...rest } = options;
    super(code ?? 'STORE_MIGRATION', message, {
      ...rest,
      ...(Object.keys(details).length === 0 ? {} : { details }),
    });
    this.name = 'StoreMigrationError';
    this.table = table;
    this.tenant = tenant;
  }
}
