/** One schema change, shared by the PGlite and PostgreSQL adapters. */
export interface Migration {
  /** Applied in ascending order; never reused. */
  version: number;
  /** What it does, kebab-case. */
  name: string;
  /** The statements, run in one transaction. */
  sql: string;
}
