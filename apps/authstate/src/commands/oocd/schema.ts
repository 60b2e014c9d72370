import { errorFactory } from '@authstate/oocd-core';
import { redactUrl } from '../../backend-options.js';
import { defineCommand } from '../../command.js';
import { say } from '../../output.js';

const fail = errorFactory('cli');

type SqlModule = { schemaDdl?: (urlOrDialect: string) => string | string[] | Promise<string | string[]> };

/** `authstate oocd schema --url URL`: prints the DDL for that database's dialect. */
export const schemaCommand = defineCommand({
  command: 'schema',
  describe: 'Print the SQL DDL for the database at --url (for the schema user to run)',
  builder: (y) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'Database URL (sqlite:FILE, postgres://…, mysql://…, jdbc:…)' })
      .example('$0 oocd schema --url postgres://db.example/oocd | psql -U schema_owner oocd', ''),
  run: async (args) => {
    const mod = (await import('@authstate/oocd-sql')) as SqlModule;
    if (typeof mod.schemaDdl !== 'function')
      throw fail('CONFIG', 'The sql backend in this build cannot print its schema (no schemaDdl export).');
    const ddl = await mod.schemaDdl(args.url);
    const statements = Array.isArray(ddl) ? ddl : [ddl];
    if (statements.length === 0) throw fail('CONFIG', `No DDL known for ${redactUrl(args.url)}.`);
    say(statements.map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`)).join('\n\n'));
    return 0;
  },
});
