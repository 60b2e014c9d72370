import mysql from 'mysql2/promise';
import pg from 'pg';
import type { TestServer } from './servers.js';

/** Runs statements on a test server's database with the plain driver (independent of the code under test). */
export async function run(s: TestServer, statements: string[]): Promise<unknown[][]> {
  const out: unknown[][] = [];
  if (s.engine === 'postgresql') {
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    try {
      for (const q of statements) out.push((await c.query(q)).rows);
    } finally {
      await c.end();
    }
  } else {
    const c = await mysql.createConnection({ uri: s.url });
    try {
      for (const q of statements) out.push((await c.query(q))[0] as unknown[]);
    } finally {
      await c.end();
    }
  }
  return out;
}

/** sec_base and fk_sso_linked_base_id as a full Zato ODB has them (ON DELETE CASCADE). */
export const ZATO_ODB = (bool: string) => [
  `CREATE TABLE sec_base (id INTEGER NOT NULL, name VARCHAR(200) NOT NULL, is_active ${bool} NOT NULL, sec_type VARCHAR(45) NOT NULL, cluster_id INTEGER NOT NULL, PRIMARY KEY (id))`,
  `INSERT INTO sec_base (id, name, is_active, sec_type, cluster_id) VALUES (1, 'admin.invoke', true, 'basic_auth', 1), (7, 'pubapi', true, 'basic_auth', 1)`,
  'ALTER TABLE zato_sso_linked_auth ADD CONSTRAINT fk_sso_linked_base_id FOREIGN KEY (auth_id) REFERENCES sec_base (id) ON DELETE CASCADE',
];
