import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Fernet } from '@authstate/secrets-conf';
import { secretsText, type TestServer } from './servers.js';

const confPath = (s: TestServer) => join(s.dir, 'config/repo/secrets.conf');

/** The server's `[secret_keys] key1`. */
export async function key1Of(s: TestServer): Promise<string> {
  return (await secretsText(s)).match(/^key1\s*=\s*(\S+)/m)?.[1] as string;
}

/** Gives a server the layout of `zato create server` in Zato 3.2: [secret_keys] key1 only. Returns the text. */
export async function key1Only(s: TestServer): Promise<string> {
  const text = (await secretsText(s)).replace(/^sso_key1\s*=.*\r?\n/m, '');
  await writeFile(confPath(s), text, { mode: 0o600 });
  return text;
}

/** Gives a server an sso_key1 of its own (the seed's newer layout), whatever init-server wrote. Returns the text. */
export async function withOwnSsoKey1(s: TestServer): Promise<string> {
  let text = await secretsText(s);
  if (!/^sso_key1\s*=/m.test(text)) {
    text = text.replace(/^(key1\s*=.*)$/m, `$1\nsso_key1=${Fernet.generateKey()}`);
    await writeFile(confPath(s), text, { mode: 0o600 });
  }
  return text;
}
