/** The little the SQL store needs from a database driver; PGlite and `postgres` both provide it. */
export interface SqlClient {
  /** Runs one parameterised statement and returns its rows. */
  query<Row extends Record<string, unknown>>(
    text: string,
    params: readonly unknown[],
  ): Promise<Row[]>;
  /** Runs several statements without parameters (a migration). */
  exec(text: string): Promise<void>;
  /** Runs `body` in a transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(body: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Releases the connection or the database files. */
  close(): Promise<void>;
}
