import { describe, expect, test } from '@jest/globals';
import { parseSqlUrl, redact, schemaDdl } from '../src/index.js';

describe('parseSqlUrl', () => {
  test.each([
    ['sqlite:/var/lib/oocd.sqlite', { dialect: 'sqlite', hosts: [], path: '/var/lib/oocd.sqlite', database: '/var/lib/oocd.sqlite' }],
    ['sqlite:./rel/oocd.db', { dialect: 'sqlite', path: './rel/oocd.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', path: ':memory:' }],
    ['sqlite:///abs/x.db', { dialect: 'sqlite', path: '/abs/x.db' }],
    ['jdbc:sqlite:/abs/y.db', { dialect: 'sqlite', path: '/abs/y.db' }],
    [
      'mariadb://h1:3306,h2:3307/OOCD',
      {
        dialect: 'mysql',
        database: 'OOCD',
        hosts: [
          { host: 'h1', port: 3306 },
          { host: 'h2', port: 3307 },
        ],
        params: {},
      },
    ],
    ['mysql://db/OOCD', { dialect: 'mysql', hosts: [{ host: 'db', port: 3306 }] }],
    [
      'postgres://h1:5432,h2:5433/oocd',
      {
        dialect: 'postgres',
        database: 'oocd',
        hosts: [
          { host: 'h1', port: 5432 },
          { host: 'h2', port: 5433 },
        ],
      },
    ],
    ['postgresql://pg/oocd', { dialect: 'postgres', hosts: [{ host: 'pg', port: 5432 }] }],
    [
      'jdbc:mariadb:sequential//host-db1:3306,host-db2:3306/OOCD',
      {
        dialect: 'mysql',
        mode: 'sequential',
        database: 'OOCD',
        hosts: [
          { host: 'host-db1', port: 3306 },
          { host: 'host-db2', port: 3306 },
        ],
      },
    ],
    [
      'jdbc:mariadb:sequential://a,b/OOCD',
      {
        mode: 'sequential',
        hosts: [
          { host: 'a', port: 3306 },
          { host: 'b', port: 3306 },
        ],
      },
    ],
    ['jdbc:mariadb://localhost:3306/OOCD?autocommit=true', { dialect: 'mysql', database: 'OOCD', params: { autocommit: 'true' } }],
    ['jdbc:mysql://localhost/OOCD', { dialect: 'mysql', hosts: [{ host: 'localhost', port: 3306 }] }],
    [
      'jdbc:postgresql://h1,h2/nss',
      {
        dialect: 'postgres',
        database: 'nss',
        hosts: [
          { host: 'h1', port: 5432 },
          { host: 'h2', port: 5432 },
        ],
      },
    ],
    ['postgres://[::1]:5433/oocd', { hosts: [{ host: '::1', port: 5433 }] }],
    ['postgres://u%40x:p%3Aw@h/oocd', { user: 'u@x', password: 'p:w', hosts: [{ host: 'h', port: 5432 }] }],
    ['jdbc:mariadb://h/OOCD?user=oocd&password=s3cret&sslMode=trust', { user: 'oocd', password: 's3cret', params: { sslMode: 'trust' } }],
  ])('%s', (url, expected) => {
    expect(parseSqlUrl(url)).toMatchObject(expected);
  });

  test('a URL without credentials has none', () => {
    const u = parseSqlUrl('mariadb://h1,h2/OOCD');
    expect(u.user).toBeUndefined();
    expect(u.password).toBeUndefined();
  });

  test.each([
    ['', /url/],
    ['oracle://h/db', /Unsupported database URL/],
    ['mariadb://h1:3306', /names no database/],
    ['jdbc:mariadb:loadbalance//h1,h2/OOCD', /not supported; use "sequential"/],
    ['mariadb://h:99999/OOCD', /bad port/],
    ['mariadb://h/OOCD?autocommit=false', /needs autocommit/],
    ['sqlite:', /needs a file path/],
  ])('refuses %j with a CONFIG error', (url, message) => {
    let error: unknown;
    try {
      parseSqlUrl(url);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(message) });
  });

  test('errors and redact never show a password', () => {
    expect(redact('postgres://u:hunter2@h/db?password=hunter2')).not.toContain('hunter2');
    expect(() => parseSqlUrl('oracle://u:hunter2@h/db')).toThrow(/u:\*\*\*@/);
  });
});

describe('schemaDdl', () => {
  test.each([
    ['sqlite', /"authstate_oocd"[\s\S]*entry_key\s+TEXT\s+NOT NULL PRIMARY KEY[\s\S]*expires_at\s+INTEGER/],
    ['mysql', /`entry_key`\s+VARBINARY\(1024\)[\s\S]*BIGINT[\s\S]*INDEX `authstate_oocd_expires_idx`/],
    ['mariadb', /VARBINARY\(1024\)/],
    ['postgres', /entry_key\s+TEXT COLLATE "C"[\s\S]*BIGINT[\s\S]*CREATE INDEX IF NOT EXISTS "authstate_oocd_expires_idx"/],
  ] as const)('%s', (dialect, shape) => {
    const ddl = schemaDdl(dialect);
    expect(ddl).toMatch(/^CREATE TABLE IF NOT EXISTS/);
    expect(ddl).toMatch(shape);
  });

  test('takes a table name and refuses unsafe ones', () => {
    expect(schemaDdl('postgres', { table: 'my_oocd' })).toContain('"my_oocd"');
    expect(() => schemaDdl('postgres', { table: 'x; DROP TABLE y' })).toThrow(/plain SQL identifier/);
    expect(() => schemaDdl('oracle' as never)).toThrow(/Unknown SQL dialect/);
  });
});
