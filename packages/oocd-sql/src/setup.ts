import { describeCause, errorFactory } from '@authstate/oocd-core';
import { Kysely, sql } from 'kysely';
import type { DialectOps } from './dialects/index.js';
import type { SqlSettings } from './options.js';
import type { PreparedQuery } from './prepared.js';
import type { OocdDatabase } from './table.js';
import { redact } from './url.js';

const fail = errorFactory('oocd-sql');

/**
 * Makes sure the table exists before the driver works as the data user:
 * - it exists: nothing to do (the schema user's credentials are not even used);
 * - it is missing and `automaticDbSchemaSetup` is true: `CREATE TABLE IF NOT EXISTS` (and the
 *   expiry index) as the schema user, then checks the data user can read it;
 * - it is missing and `automaticDbSchemaSetup` is false: a `CONFIG` error naming the DDL to run.
 */
export async function ensureTable(db: Kysely<OocdDatabase>, probe: PreparedQuery<never>, ops: DialectOps, s: SqlSettings): Promise<void> {
  if (await tableExists(db, probe, ops, s)) return;
  const where = `${s.table} in ${redact(s.urlText)}`;
  if (!s.automaticDbSchemaSetup) {
    throw fail(
      'CONFIG',
      `Table ${where} does not exist and automaticDbSchemaSetup is false. Create it as the schema user with the DDL printed by ` +
        `\`authstate oocd schema --url <url> --table ${s.table}\`, or set automaticDbSchemaSetup=true with a schemaUser allowed to CREATE.`,
    );
  }
  await runDdl(db, probe, ops, s);
  if (!(await tableExists(db, probe, ops, s))) {
    throw fail('CONFIG', `Table ${where} was created but the data user cannot see it; check the search_path/database and grants.`);
  }
}

async function tableExists(db: Kysely<OocdDatabase>, probe: PreparedQuery<never>, ops: DialectOps, s: SqlSettings): Promise<boolean> {
  try {
    await probe.execute(db, {});
    return true;
  } catch (e) {
    if (ops.errors.isMissingTable(e)) return false;
    if (ops.errors.isPermissionDenied(e)) {
      throw fail(
        'CONFIG',
        `The data user ${who(s.data.user)} may not read table ${s.table}: grant it SELECT, INSERT, UPDATE, DELETE on the table.`,
        e,
      );
    }
    throw fail('BACKEND', `Cannot use database ${redact(s.urlText)} as ${who(s.data.user)}: ${describeCause(e)}`, e);
  }
}

async function runDdl(dataDb: Kysely<OocdDatabase>, probe: PreparedQuery<never>, ops: DialectOps, s: SqlSettings): Promise<void> {
  const sameUser = s.schema.user === s.data.user && s.schema.password === s.data.password;
  const db = sameUser
    ? dataDb
    : new Kysely<OocdDatabase>({ dialect: (await ops.connector.connect(s.url, s.schema, { max: 1, purpose: 'schema' })).dialect });
  try {
    for (const statement of ops.schema.ddl(s.table)) await sql.raw(statement).execute(db);
  } catch (e) {
    // Another process may have created the table at the same moment: that is success.
    if (await tableExists(dataDb, probe, ops, s)) return;
    const why = ops.errors.isPermissionDenied(e) ? 'it lacks the CREATE privilege' : describeCause(e);
    throw fail(
      'CONFIG',
      `Cannot create table ${s.table} as schema user ${who(s.schema.user)}: ${why}. Grant CREATE, or run the DDL from ` +
        `\`authstate oocd schema --url <url> --table ${s.table}\` as an administrator and set automaticDbSchemaSetup=false.`,
      e,
    );
  } finally {
    if (!sameUser) await db.destroy();
  }
}

const who = (user: string | undefined) => (user ? JSON.stringify(user) : '(default user)');
