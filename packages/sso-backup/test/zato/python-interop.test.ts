// Cross-checks against the Python libraries Zato 3.2 itself uses (ujson 5, passlib 1.7,
// cryptography's Fernet), when a python3 with them is installed (Debian: python3-ujson,
// python3-passlib, python3-cryptography). Without them the tests are registered as skipped.
import { spawnSync } from 'node:child_process';
import { Fernet } from '@authstate/secrets-conf';
import { describe, expect, test } from '@jest/globals';
import { hashPassword, newTotpKey, verifyPassword, zatoDialect, zatoJson, zatoSessionRow } from '../../src/zato/index.js';

const PYTHONS = ['/usr/bin/python3', 'python3'];
const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import ujson, passlib, cryptography'], { encoding: 'utf8' }).status === 0);
if (!python) console.warn('[sso-backup] no python3 with ujson, passlib and cryptography: the Python cross-checks are skipped');
const withPython = python ? test : test.skip;

/** Runs a Python snippet with `input` as JSON on stdin; returns its stdout parsed as JSON. */
function py(script: string, input: unknown): unknown {
  const r = spawnSync(python as string, ['-c', `import sys, json\nargs = json.load(sys.stdin)\n${script}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('what authstate writes equals what Zato’s Python libraries write', () => {
  withPython('zatoJson is ujson.dumps (compact, \\uXXXX, \\/), once and twice (opaque1 of sessions, PRT ctx)', () => {
    const samples = [
      null,
      'zażółć 😀 /a/b',
      { remote_addr: ['10.0.0.1'], user_agent: 'Mozilla/5.0 (ünïcode)', has_remote_addr: false, n: 3, x: null },
      JSON.parse(JSON.parse(String(zatoSessionRow(zatoDialect('sqlite'), { userIntId: 1, authPrincipal: 'ü' }).row.opaque1))),
    ];
    const ours = samples.map((s) => [zatoJson(s), zatoJson(zatoJson(s))]);
    const theirs = py('import ujson\nprint(json.dumps([[ujson.dumps(s), ujson.dumps(ujson.dumps(s))] for s in args]))', samples);
    expect(ours).toEqual(theirs);
  });

  withPython('passlib pbkdf2_sha512 verifies our hashes, and we verify passlib’s', () => {
    const ours = hashPassword('pässword 😀', { rounds: 1000 });
    const r = py(
      "from passlib.hash import pbkdf2_sha512 as h\nprint(json.dumps([h.verify(args['pw'], args['ours']), h.using(rounds=1000, salt_size=64).hash(args['pw'])]))",
      { pw: 'pässword 😀', ours },
    ) as [boolean, string];
    expect(r[0]).toBe(true);
    expect(r[1]).toMatch(/^\$pbkdf2-sha512\$1000\$/);
    expect(verifyPassword('pässword 😀', r[1])).toBe(true);
    expect(verifyPassword('other', r[1])).toBe(false);
  });

  withPython('Fernet tokens of a TOTP key and a password hash decrypt in Python (and Python’s in ours)', () => {
    const key = Fernet.generateKey();
    const totp = newTotpKey();
    const token = new Fernet(key).encrypt(totp);
    const r = py(
      "from cryptography.fernet import Fernet\nf = Fernet(args['key'].encode())\nprint(json.dumps([f.decrypt(args['token'].encode()).decode(), f.encrypt(b'<default-label>').decode()]))",
      { key, token },
    ) as [string, string];
    expect(r[0]).toBe(totp);
    expect(new Fernet(key).decrypt(r[1]).toString()).toBe('<default-label>');
  });
});
