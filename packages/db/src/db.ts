/**
 * The one database interface the rest of Tsunagu sees. Two drivers implement it: PGlite
 * (PostgreSQL compiled to WebAssembly, in-process, the embedded default) and node-postgres
 * (a PostgreSQL server, `DATABASE_URL`). The same SQL runs on both (docs/adr/0009).
 */
export type SqlParam =
  string | number | boolean | null | Date | readonly unknown[] | Record<string, unknown>;

export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<QueryResult<R>>;
}

/** One statement and its parameters, for scripts run without reading results. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly SqlParam[];
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs the statements in order as one transaction, reading no results: all of them or none.
   * It is one simple-query message (sql-script.ts), whatever the count: on a PostgreSQL server
   * one round trip.
   */
  runScript(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** A PostgreSQL URL; when absent, PGlite stores its data under `dataDir` (or in memory). */
  readonly url?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly poolSize?: number;
}
