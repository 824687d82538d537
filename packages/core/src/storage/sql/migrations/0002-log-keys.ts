import type { Migration } from './migration.js';

/** The idempotency keys of `AppendLog.appendOnce`: each key once per stream, with its sequence. */
export const logKeys: Migration = {
  version: 2,
  name: 'log-keys',
  sql: `
CREATE TABLE openmdr_log_keys (
  tenant text NOT NULL,
  stream text NOT NULL,
  key text NOT NULL,
  sequence bigint NOT NULL,
  PRIMARY KEY (tenant, stream, key)
);
`,
};
