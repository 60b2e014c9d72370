import { checkBundle } from './bundle/bundle-contents.js';
import { readCatalog } from './catalog/catalog.js';
import { openConn } from './conn/open-conn.js';
import type { Manifest } from './manifest.js';
import { tableSummary } from './table-summaries.js';
import type { TableInfo } from './types.js';

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
}

/**
 * Compares a server's SSO tables with a bundle's manifest: row counts and checksums (canonical
 * form, so a restore into another engine verifies too). Columns are read in the bundle's order.
 *
 * @example
 * ```ts
 * const r = await verify('sso.bundle', '/home/zato/sso2/server'); if (!r.ok) console.table(r.tables);
 * ```
 */
export async function verify(file: string, serverDir: string, opts: { passphrase?: string; url?: string } = {}): Promise<VerifyReport> {
  const checked = await checkBundle(file, { passphrase: opts.passphrase });
  const conn = await openConn({ serverDir, url: opts.url }, { readonly: true });
  try {
    return await conn.transaction(
      async (tx) => {
        const target = await readCatalog(tx);
        const tables: VerifyTable[] = [];
        for (const m of checked.manifest.tables) {
          const source = checked.schema.tables.find((t) => t.name === m.name);
          const actual = target.tables.find((t) => t.name === m.name);
          const aligned = source && actual ? alignColumns(actual, source) : undefined;
          const sum = aligned ? await tableSummary(tx, aligned) : { rows: 0, sha256: '' };
          tables.push({
            name: m.name,
            expectedRows: m.rows,
            actualRows: sum.rows,
            expectedSha256: m.sha256,
            actualSha256: sum.sha256,
            ok: sum.rows === m.rows && sum.sha256 === m.sha256,
          });
        }
        return { ok: tables.every((t) => t.ok), tables };
      },
      { snapshot: true },
    );
  } finally {
    await conn.close();
  }
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
