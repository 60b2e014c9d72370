import { randomBytes } from 'node:crypto';
import { adminQuery, type ServerKind, serverUrls } from '@authstate/test-support';
import type { Target } from './targets.js';

/** A login. */
export interface Login {
  user: string;
  password: string;
}

/** A schema user (CREATE only) and a data user (SELECT, INSERT, UPDATE, DELETE only) on a test database. */
export interface SplitUsers {
  schema: Login;
  data: Login;
  /** The server URL as `login`, to run SQL as that user. */
  urlAs(login: Login): string;
  drop(): Promise<void>;
}

const login = (role: string): Login => ({
  user: `oocd_${role}_${randomBytes(4).toString('hex')}`,
  password: randomBytes(12).toString('hex'),
});

/** The statements that create the two users, per server (the seed's setup, made minimal). */
const SETUP: Record<ServerKind, (db: string, s: Login, d: Login) => { create: string[]; drop: string[] }> = {
  mariadb: (db, s, d) => ({
    create: [
      `CREATE USER '${s.user}'@'%' IDENTIFIED BY '${s.password}'`,
      `GRANT CREATE ON \`${db}\`.* TO '${s.user}'@'%'`,
      `CREATE USER '${d.user}'@'%' IDENTIFIED BY '${d.password}'`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db}\`.* TO '${d.user}'@'%'`,
    ],
    drop: [`DROP USER IF EXISTS '${s.user}'@'%'`, `DROP USER IF EXISTS '${d.user}'@'%'`],
  }),
  // As the seed: a schema owned by the schema user, both users' search_path on it, and default
  // privileges so the data user may read and write the tables the schema user creates.
  postgres: (db, s, d) => ({
    create: [
      `CREATE ROLE "${s.user}" LOGIN PASSWORD '${s.password}'`,
      `CREATE ROLE "${d.user}" LOGIN PASSWORD '${d.password}'`,
      `CREATE SCHEMA "${s.user}" AUTHORIZATION "${s.user}"`,
      `GRANT USAGE ON SCHEMA "${s.user}" TO "${d.user}"`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${s.user}" IN SCHEMA "${s.user}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${d.user}"`,
      `ALTER ROLE "${s.user}" IN DATABASE "${db}" SET search_path TO "${s.user}"`,
      `ALTER ROLE "${d.user}" IN DATABASE "${db}" SET search_path TO "${s.user}"`,
    ],
    // The database is dropped first (by the target), which removes the schema and settings.
    drop: [`DROP ROLE IF EXISTS "${s.user}"`, `DROP ROLE IF EXISTS "${d.user}"`],
  }),
};

/** Creates the two users on the target's database. */
export async function createSplitUsers(target: Target & { kind: ServerKind }): Promise<SplitUsers> {
  const schema = login('schema');
  const data = login('data');
  const { create, drop } = SETUP[target.kind](target.database, schema, data);
  for (const statement of create) await adminQuery(target.kind, target.adminUrl as string, statement);
  return {
    schema,
    data,
    urlAs: (l) => {
      const u = new URL(target.adminUrl as string);
      u.username = l.user;
      u.password = l.password;
      return u.toString();
    },
    // Users are server-wide: dropped through the server's admin URL (the test database may be gone).
    async drop() {
      for (const statement of drop) await adminQuery(target.kind, serverUrls()[target.kind] as string, statement);
    },
  };
}
