import type { Engine } from '../types.js';
import { MysqlDumpWriter } from './mysql-dump.js';
import { PostgresDumpWriter } from './postgres-dump.js';
import type { SqlDumpWriter } from './sql-dump-writer.js';
import { SqliteDumpWriter } from './sqlite-dump.js';

const WRITERS: Record<Engine, () => SqlDumpWriter> = {
  sqlite: () => new SqliteDumpWriter(),
  postgresql: () => new PostgresDumpWriter(),
  mysql: () => new MysqlDumpWriter(),
};

/** A fresh native SQL dump writer for the source engine. */
export function dumpWriterFor(engine: Engine): SqlDumpWriter {
  return WRITERS[engine]();
}
