// The sso.conf authstate generates against Zato 3.2's own (create_server.py's sso_conf_contents,
// kept for tests in the shared reference folder; nothing reads it at run time).
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from '@jest/globals';
import { ssoConfText, ZATO_PASSWORD_REJECT_LIST, zatoSsoConf } from '../../src/zato/index.js';

const REFERENCE = '/work/shared/reference/zato-sso/zato-3.2-sso.conf';

/**
 * Parses sso.conf the way Zato's ConfigObj reads it: `[section]`, `key = value` with a trailing
 * ` # comment` removed, `"""…"""` values over several lines. Section → key → value, in file order.
 */
function parseSsoConf(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const head = /^\[([^\]]+)\]\s*$/.exec(line);
    if (head) {
      section = new Map();
      out.set(head[1] as string, section);
      continue;
    }
    const kv = /^([^=#\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (!kv || !section) continue;
    let value = kv[2] as string;
    if (value.startsWith('"""')) {
      const body: string[] = [];
      while (++i < lines.length && !(lines[i] ?? '').includes('"""')) body.push((lines[i] ?? '').trim());
      value = body.join('\n');
    } else value = value.replace(/\s+#.*$/, '').trim();
    section.set(kv[1] as string, value);
  }
  return out;
}

describe("sso.conf as Zato 3.2's `zato create server` writes it", () => {
  test('every section and key of the reference, with the same values, in the same order — and nothing else', async () => {
    const reference = parseSsoConf(await readFile(REFERENCE, 'utf8'));
    const ours = parseSsoConf(ssoConfText());
    expect([...reference.keys()]).toHaveLength(13);
    expect([...ours.keys()]).toEqual([...reference.keys()]);
    for (const [name, keys] of reference) expect({ [name]: [...(ours.get(name) ?? [])] }).toEqual({ [name]: [...keys] });
  });

  test('the text is byte-identical to the reference', async () => {
    expect(ssoConfText()).toBe(await readFile(REFERENCE, 'utf8'));
  });

  test('the reject list and the options that change values', () => {
    const parsed = parseSsoConf(ssoConfText({ rounds: 1000, encryptEmail: false, encryptPassword: false, saltSize: 32 }));
    expect(parsed.get('password')?.get('reject_list')?.split('\n')).toEqual([...ZATO_PASSWORD_REJECT_LIST]);
    expect(parsed.get('hash_secret')).toEqual(
      new Map([
        ['rounds', '1000'],
        ['salt_size', '32'],
      ]),
    );
    expect(parsed.get('main')?.get('encrypt_email')).toBe('False');
    expect(parsed.get('main')?.get('encrypt_password')).toBe('False');
    expect(zatoSsoConf().map((s) => s.name)).toEqual([...parseSsoConf(ssoConfText()).keys()]);
  });
});
