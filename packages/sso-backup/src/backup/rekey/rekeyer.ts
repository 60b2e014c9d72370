import { Fernet } from '@authstate/secrets-conf';
import type { TableInfo } from '../types.js';
import type { PortableValue } from '../values/portable.js';
import { type FernetColumn, fernetColumnsOf, isEncryptedIn, mapToken } from './fernet-columns.js';

/** What a rekey did, per `table.column`. */
export interface RekeyReport {
  /** Values re-encrypted under the target's key. */
  reencrypted: Record<string, number>;
  /** Values that are not Fernet tokens under the backup's key: left as they are. */
  leftAsIs: Record<string, number>;
}

/** The timestamp of a Fernet token (seconds), so a re-encrypted token keeps its issue time. */
function tokenTime(token: string): Date | undefined {
  const raw = Buffer.from(token.trim(), 'base64url');
  return raw.length >= 9 ? new Date(Number(raw.readBigUInt64BE(1)) * 1000) : undefined;
}

/**
 * Re-encrypts the Fernet values of restored rows (the columns of {@link FERNET_COLUMNS}) from the
 * backup's key to the target's, in place, batch by batch as the rows stream into the target — so
 * it happens inside the restore's one transaction on every engine. A value that is not a token
 * under the backup's key is left as it is and counted; NULL and empty values hold nothing to re-encrypt.
 *
 * @example
 * ```ts
 * const rekey = new Rekeyer(bundleKey, targetKey1);
 * rekey.apply(table, batch); // before the batch is inserted
 * console.log(rekey.report());
 * ```
 */
export class Rekeyer {
  readonly #from: Fernet;
  readonly #to: Fernet;
  readonly #columns = new Map<string, FernetColumn[]>();
  readonly #reencrypted: Record<string, number> = {};
  readonly #leftAsIs: Record<string, number> = {};

  constructor(fromKey: string, toKey: string) {
    this.#from = new Fernet(fromKey);
    this.#to = new Fernet(toKey);
  }

  /** Re-encrypts the Fernet values of `batch` (rows of `table`, in its column order) in place. */
  apply(table: TableInfo, batch: PortableValue[][]): void {
    let cols = this.#columns.get(table.name);
    if (!cols) {
      cols = fernetColumnsOf(table);
      this.#columns.set(table.name, cols);
    }
    if (cols.length === 0) return;
    for (const row of batch) {
      for (const col of cols) {
        const v = row[col.index] ?? null;
        if (v === null || v === '' || !isEncryptedIn(row, col)) continue;
        let done = false;
        const next = mapToken(v, col.json, (token) => {
          const out = this.#rekeyToken(token);
          done = out !== undefined;
          return out;
        });
        row[col.index] = next;
        const counts = done ? this.#reencrypted : this.#leftAsIs;
        counts[col.name] = (counts[col.name] ?? 0) + 1;
      }
    }
  }

  #rekeyToken(token: string): string | undefined {
    let plain: Buffer;
    try {
      plain = this.#from.decrypt(token);
    } catch {
      return undefined;
    }
    return this.#to.encrypt(plain, { now: tokenTime(token) });
  }

  /** The counts so far. */
  report(): RekeyReport {
    return { reencrypted: { ...this.#reencrypted }, leftAsIs: { ...this.#leftAsIs } };
  }
}
