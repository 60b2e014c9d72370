/**
 * Columns Zato fills with Fernet output (Python bytes): on SQLite they hold BLOBs (`typeof() =
 * 'blob'`), elsewhere text. A restore into SQLite from another engine writes them back as blobs so
 * the data reads as Zato would have written it.
 */
export const ZATO_BLOB_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  zato_sso_user: ['password', 'email', 'totp_key', 'totp_label'],
};

/** True when Zato on SQLite stores `table.column` as a BLOB. */
export function isZatoBlobColumn(table: string, column: string): boolean {
  return ZATO_BLOB_COLUMNS[table]?.includes(column) ?? false;
}
