import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { describeCause, errorFactory } from '@authstate/oocd-core';

const fail = errorFactory('cli');

/**
 * Reads a secret (password, passphrase, token) from a file: the first line, without its line
 * ending. The message on failure names the file, never its content.
 */
export async function readSecretFile(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw fail('CONFIG', `Cannot read the ${what} file ${path}: ${describeCause(e)}.`, e);
  }
  const secret = text.split(/\r?\n/)[0] ?? '';
  if (secret === '') throw fail('CONFIG', `The ${what} file ${path} is empty; put the ${what} on its first line.`);
  return secret;
}

/** Where a secret may come from, in order of precedence. */
export interface SecretSources {
  /** A file named on the command line. */
  file?: string | undefined;
  /** An environment variable name. */
  envName?: string;
  /** Prompt on the terminal when stdin is a TTY. */
  prompt?: string;
  /** What it is, for messages (`passphrase`). */
  what: string;
}

/**
 * Resolves a secret from a file, else the environment, else a TTY prompt (input hidden);
 * `undefined` when none is available. Never from argv.
 */
export async function resolveSecret(src: SecretSources, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (src.file) return readSecretFile(src.file, src.what);
  const fromEnv = src.envName ? env[src.envName] : undefined;
  if (fromEnv) return fromEnv;
  if (src.prompt && process.stdin.isTTY && process.stderr.isTTY) return promptHidden(src.prompt);
  return undefined;
}

/** Prompts on stderr and reads one line from the TTY without echoing it. */
export async function promptHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** Reads all of stdin as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
