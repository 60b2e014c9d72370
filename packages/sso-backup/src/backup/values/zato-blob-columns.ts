/**
 * Columns Zato fills with Fernet output (Python bytes): on SQLite they hold BLOBs (`typeof() =
 * 'blob'`), elsewhere text. A restore into SQLite from another engine writes them back as blobs so
 * the data reads as Zato would have written it.
 */
export const ZATO_BLOB_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  zato_sso_user: ['password', 'email', 'totp_key', 'totp_label'],
};

/**
 * True when Zato on SQLite stores this text value of `table.column` as a BLOB. `email` is bytes
 * only when encrypted: `UserAPI` keeps an empty email, or any email under `encrypt_email=False`,
 * as the text it was given; the other columns are always bytes (Fernet output, or the password
 * hash itself under `encrypt_password=False`).
 */
export function isZatoBlobColumn(table: string, column: string, value?: string): boolean {
  if (!(ZATO_BLOB_COLUMNS[table]?.includes(column) ?? false)) return false;
  return column !== 'email' || value === undefined || value.startsWith('gAAAAA');
}
