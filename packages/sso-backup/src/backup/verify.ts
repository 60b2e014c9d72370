import type { SsoKeyName } from '@authstate/secrets-conf';
import { type CheckedBundle, checkBundle, feedRows } from './bundle/bundle-contents.js';
import { readCatalog } from './catalog/catalog.js';
import { openConn } from './conn/open-conn.js';
import { readSsoKey } from './key/sso-key-source.js';
import type { Manifest } from './manifest.js';
import { FernetPlaintext } from './rekey/fernet-plaintext.js';
import { tableSummary } from './table-summaries.js';
import type { TableInfo } from './types.js';
import { TableChecksum } from './values/canonical.js';

/** One table's line of a {@link VerifyReport}. */
export interface VerifyTable {
  name: string;
  expectedRows: number;
  actualRows: number;
  expectedSha256: string;
  actualSha256: string;
  ok: boolean;
}

/** The result of {@link verify}: `ok` when every table matches the manifest. */
export interface VerifyReport {
  ok: boolean;
  tables: VerifyTable[];
  /**
   * Whether the bundle was encrypted. An unencrypted bundle's checksums detect damage, not
   * tampering: anyone can rewrite it and its checksums together.
   */
  encrypted: boolean;
  /**
   * Set when the target's SSO key is not the bundle's (a rekeyed restore): these Fernet columns
   * were compared by their decrypted plaintext (bundle side with the bundle's key, target side
   * with its `targetKey`), everything else byte for byte.
   */
  fernetByPlaintext?: { columns: string[]; targetKey: SsoKeyName };
}

/**
 * Compares a server's SSO tables with a bundle's manifest: row counts and checksums (canonical
 * form, so a restore into another engine verifies too). Columns are read in the bundle's order.
 * When the server's active SSO key (sso_key1, else key1) differs from the bundle's — a restore
 * that re-encrypted the data — the Fernet columns are compared by plaintext and the report says so.
 *
 * @example
 * ```ts
 * const r = await verify('sso.bundle', '/home/zato/sso2/server'); if (!r.ok) console.table(r.tables);
 * ```
 */
export async function verify(file: string, serverDir: string, opts: { passphrase?: string; url?: string } = {}): Promise<VerifyReport> {
  const checked = await checkBundle(file, { passphrase: opts.passphrase });
  const bundleKey = checked.key?.sso_key1;
  const targetKey = bundleKey ? await readSsoKey(serverDir).catch(() => undefined) : undefined;
  const rekeyed = bundleKey && targetKey && targetKey.key !== bundleKey ? { bundleKey, target: targetKey } : undefined;
  const expected = rekeyed ? await plaintextSums(file, checked, rekeyed.bundleKey, opts.passphrase) : new Map<string, string>();
  const targetPlain = rekeyed ? new FernetPlaintext([rekeyed.target.key, rekeyed.bundleKey]) : undefined;
  const conn = await openConn({ serverDir, url: opts.url }, { readonly: true });
  try {
    const tables = await conn.transaction(
      async (tx) => {
        const target = await readCatalog(tx);
        const out: VerifyTable[] = [];
        for (const m of checked.manifest.tables) {
          const source = checked.schema.tables.find((t) => t.name === m.name);
          const actual = target.tables.find((t) => t.name === m.name);
          const aligned = source && actual ? alignColumns(actual, source) : undefined;
          const map =
            aligned && targetPlain?.covers(aligned)
              ? (row: Parameters<FernetPlaintext['apply']>[1]) => targetPlain.apply(aligned, row)
              : undefined;
          const sum = aligned ? await tableSummary(tx, aligned, map) : { rows: 0, sha256: '' };
          const sha = expected.get(m.name) ?? m.sha256;
          out.push({
            name: m.name,
            expectedRows: m.rows,
            actualRows: sum.rows,
            expectedSha256: sha,
            actualSha256: sum.sha256,
            ok: sum.rows === m.rows && sum.sha256 === sha,
          });
        }
        return out;
      },
      { snapshot: true },
    );
    const report: VerifyReport = { ok: tables.every((t) => t.ok), tables, encrypted: checked.manifest.encrypted };
    if (rekeyed) report.fernetByPlaintext = { columns: FernetPlaintext.columnNames(checked.schema.tables), targetKey: rekeyed.target.from };
    return report;
  } finally {
    await conn.close();
  }
}

/** Checksums of the bundle's tables that have Fernet columns, with those values as plaintext. */
async function plaintextSums(file: string, checked: CheckedBundle, key: string, passphrase?: string): Promise<Map<string, string>> {
  const plain = new FernetPlaintext([key]);
  const sums = new Map<string, TableChecksum>();
  await feedRows(
    file,
    checked.schema,
    async (t, batch) => {
      if (!plain.covers(t)) return;
      let sum = sums.get(t.name);
      if (!sum) {
        sum = new TableChecksum(t.columns.map((c) => c.kind));
        sums.set(t.name, sum);
      }
      for (const row of batch) {
        plain.apply(t, row);
        sum.add(row);
      }
    },
    { passphrase },
  );
  return new Map([...sums].map(([name, s]) => [name, s.digest()]));
}

/** The target table with its columns in the source's order (undefined when a column is missing). */
function alignColumns(actual: TableInfo, source: TableInfo): TableInfo | undefined {
  const columns = source.columns.map((s) => actual.columns.find((a) => a.name === s.name));
  if (columns.some((c) => c === undefined) || columns.length !== actual.columns.length) return undefined;
  return { ...actual, columns: columns as TableInfo['columns'] };
}

/**
 * The manifest of a bundle, after checking the whole file (authentication, checksums).
 *
 * @example
 * ```ts
 * const m = await readBundleManifest('sso.bundle', { passphrase }); console.log(m.sourceEngine, m.tables);
 * ```
 */
export async function readBundleManifest(file: string, opts: { passphrase?: string } = {}): Promise<Manifest> {
  return (await checkBundle(file, opts)).manifest;
}
