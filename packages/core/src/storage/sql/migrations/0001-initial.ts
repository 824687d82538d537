import type { Migration } from './migration.js';

/** Tables for state, checkpoints and the append-only log. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE openmdr_state (
  tenant text NOT NULL,
  key text NOT NULL,
  value jsonb NOT NULL,
  version bigint NOT NULL,
  expires_at bigint,
  PRIMARY KEY (tenant, key)
);
CREATE INDEX openmdr_state_expires_at ON openmdr_state (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE openmdr_checkpoints (
  tenant text NOT NULL,
  source text NOT NULL,
  position jsonb NOT NULL,
  committed_at bigint NOT NULL,
  PRIMARY KEY (tenant, source)
);

CREATE TABLE openmdr_log_heads (
  tenant text NOT NULL,
  stream text NOT NULL,
  last_sequence bigint NOT NULL,
  PRIMARY KEY (tenant, stream)
);

CREATE TABLE openmdr_log (
  tenant text NOT NULL,
  stream text NOT NULL,
  sequence bigint NOT NULL,
  at bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (tenant, stream, sequence)
);
`,
};
