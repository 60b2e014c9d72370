import { errorFactory } from '@authstate/oocd-core';
import { checkUrlOption } from '../../backend-options.js';
import { defineCommand } from '../../command.js';

const fail = errorFactory('cli');

type SqlModule = {
  parseSqlUrl?: (url: string) => { dialect: string };
  schemaDdl?: (dialect: string, opts?: { table?: string }) => string;
};

/** `authstate oocd schema --url URL`: prints the DDL for that database's dialect. */
export const schemaCommand = defineCommand({
  command: 'schema',
  describe: 'Print the SQL DDL for the database at --url (for the schema user to run)',
  builder: (y) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'Database URL (sqlite:FILE, postgres://…, mariadb://…, jdbc:…)' })
      .option('table', { type: 'string', describe: 'Table name (config `table`; default authstate_oocd)' })
      .example('$0 oocd schema --url postgres://db.example/oocd | psql -U schema_owner oocd', ''),
  run: async (args) => {
    const mod = (await import('@authstate/oocd-sql')) as SqlModule;
    if (typeof mod.schemaDdl !== 'function' || typeof mod.parseSqlUrl !== 'function') {
      throw fail('CONFIG', 'The sql backend in this build cannot print its schema (no schemaDdl/parseSqlUrl export).');
    }
    await checkUrlOption(args.url);
    const { dialect } = mod.parseSqlUrl(args.url);
    process.stdout.write(mod.schemaDdl(dialect, args.table === undefined ? {} : { table: args.table }));
    return 0;
  },
});
