import type { ByteBuilder } from '../bundle/byte-builder.js';
import { quoteMysql } from '../catalog/mysql-catalog.js';
import type { SchemaInfo, TableInfo } from '../types.js';
import type { PortableValue, RowBatch } from '../values/portable.js';
import { dropLines, type SqlDumpWriter } from './sql-dump-writer.js';

/** Characters of tuples per INSERT statement of the dump. */
const INSERT_CHARS = 1024 * 1024;

const ESCAPED = /[\\'\0\n\r\x1a]/g;
const NEEDS_ESCAPE = /[\\'\0\n\r\x1a]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z' };

/** A value as a MySQL/MariaDB literal (backslash escapes; the dump sets a SQL_MODE without NO_BACKSLASH_ESCAPES). */
export function mysqlLiteral(v: PortableValue): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'boolean':
      return v ? '1' : '0';
    case 'string':
      return NEEDS_ESCAPE.test(v) ? `'${v.replace(ESCAPED, (c) => ESCAPES[c] ?? c)}'` : `'${v}'`;
    default:
      if ('b' in v) return v.b === '' ? "''" : `0x${Buffer.from(v.b, 'base64').toString('hex')}`;
      if ('i' in v) return v.i;
      return Number.isFinite(v.f) ? String(v.f) : 'NULL';
  }
}

/**
 * A mariadb-dump-like dump for the `mariadb` client: FOREIGN_KEY_CHECKS off, drops (children
 * first), `SHOW CREATE TABLE` text, multi-row INSERTs, settings restored at the end.
 */
export class MysqlDumpWriter implements SqlDumpWriter {
  prologue(schema: SchemaInfo): string {
    return (
      [
        '/*!40101 SET NAMES utf8mb4 */;',
        "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE, TIME_ZONE='+00:00' */;",
        'SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0;',
        "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO';",
        '',
      ].join('\n') + dropLines(schema, quoteMysql)
    );
  }

  tableStart(table: TableInfo): string {
    return `${table.createSql};\n`;
  }

  rows(table: TableInfo, batch: RowBatch, out: ByteBuilder): void {
    // Multi-row INSERTs of at most ~1 MiB each (like mariadb-dump's net_buffer_length), well
    // under the server's max_allowed_packet.
    const head = `INSERT INTO ${quoteMysql(table.name)} VALUES `;
    let open = 0;
    for (const r of batch) {
      let tuple = '(';
      for (let i = 0; i < r.length; i++) {
        const v = r[i] as PortableValue;
        if (i > 0) tuple += ',';
        tuple += v === null ? 'NULL' : typeof v === 'number' ? `${v}` : mysqlLiteral(v);
      }
      tuple += ')';
      if (open > 0 && open + tuple.length > INSERT_CHARS) {
        out.append(';\n');
        open = 0;
      }
      out.append(open === 0 ? head + tuple : `,\n${tuple}`);
      open += tuple.length + 2;
    }
    if (open > 0) out.append(';\n');
  }

  tableEnd(): string {
    return '';
  }

  epilogue(): string {
    return [
      'SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS;',
      'SET SQL_MODE=@OLD_SQL_MODE;',
      '/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;',
      '',
    ].join('\n');
  }
}
