/** DDL: how a dialect creates the OOCD table. */
export interface TableSchema {
  /** `CREATE TABLE IF NOT EXISTS` and the expiry index, one statement per element. */
  ddl(table: string): string[];
}
