import { readFile } from 'node:fs/promises';
import { describeCause, errorFactory } from './errors.js';
import { parseProperties } from './properties.js';

const fail = errorFactory('oocd-core');

/**
 * Configuration of {@link openOocd}. Names are nevisAuth's parameter names without their prefix
 * (`class`, `dir`, `reaperInterval`, `lockGloballyWhenReaping`, `jdbcUrl`, `dataUser`,
 * `dataUserPassword`, `schemaUser`, `schemaUserPassword`, `automaticDbSchemaSetup`), plus
 * `url` (alias of `jdbcUrl`) and backend-specific ones. Values from files are strings; backends
 * read them with {@link configString}, {@link configNumber} and {@link configBoolean}.
 */
export interface OocdConfig {
  /** `fs` (default), `sql`, `memory`, `off`, nevisAuth's class names, or a module specifier/path. */
  class?: string;
  [name: string]: string | number | boolean | undefined;
}

/** The prefix of nevisAuth's system properties. */
export const NEVIS_PREFIX = 'ch.nevis.esauth.OutOfContextDataService.';

const NEVIS_CLASSES: Record<string, string> = {
  'ch.nevis.esauth.ooc.FileSystemOOCDService': 'fs',
  'ch.nevis.esauth.ooc.sql.SqlOOCDService': 'sql',
};

/** Maps nevisAuth's class names to ours (`…FileSystemOOCDService` → `fs`); `OFF` → `off`. */
export function normalizeClass(name: string | undefined): string {
  const c = (name ?? 'fs').trim();
  if (c === '') return 'fs';
  if (c.toLowerCase() === 'off') return 'off';
  return NEVIS_CLASSES[c] ?? c;
}

/**
 * Turns properties text into a config: strips nevisAuth's `ch.nevis.esauth.OutOfContextDataService.`
 * prefix (and `-D`), so both short and full names work. `${env:}`/`${exec:}` are left for
 * {@link resolveConfigValues}.
 */
export function parseOocdProperties(text: string): OocdConfig {
  const config: OocdConfig = {};
  for (const [rawKey, value] of parseProperties(text)) {
    const key = rawKey.startsWith(NEVIS_PREFIX) ? rawKey.slice(NEVIS_PREFIX.length) : rawKey;
    if (key === '') continue;
    config[key] = value;
  }
  return config;
}

/** Reads and parses a properties file, then resolves `${env:}`/`${exec:}` in its values. */
export async function loadOocdConfig(path: string): Promise<OocdConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw fail(
      'CONFIG',
      `Cannot read config file ${path}: ${describeCause(e)}. Check the path given with --config or AUTHSTATE_OOCD_CONFIG.`,
      e,
    );
  }
  return resolveConfigValues(parseOocdProperties(text));
}

const REFERENCE = /\$\{(env|exec):([^}]*)\}/g;

/**
 * Replaces `${env:NAME}` by the environment variable and `${exec:/path/to/script [args]}` by the
 * script's trimmed stdout (run without a shell). Failures name the option and the variable or
 * script, never a value.
 */
export async function resolveConfigValues(config: OocdConfig, env: NodeJS.ProcessEnv = process.env): Promise<OocdConfig> {
  const out: OocdConfig = {};
  for (const [name, value] of Object.entries(config)) {
    out[name] = typeof value === 'string' && value.includes('${') ? await interpolate(name, value, env) : value;
  }
  return out;
}

async function interpolate(option: string, value: string, env: NodeJS.ProcessEnv): Promise<string> {
  let result = '';
  let last = 0;
  for (const m of value.matchAll(REFERENCE)) {
    const [whole, kind, arg] = m as unknown as [string, 'env' | 'exec', string];
    result += value.slice(last, m.index) + (kind === 'env' ? fromEnv(option, arg, env) : await fromExec(option, arg));
    last = (m.index ?? 0) + whole.length;
  }
  return result + value.slice(last);
}

function fromEnv(option: string, name: string, env: NodeJS.ProcessEnv): string {
  const v = env[name.trim()];
  if (v === undefined) throw fail('CONFIG', `Option \`${option}\` refers to \${env:${name}}, but environment variable ${name} is not set.`);
  return v;
}

async function fromExec(option: string, command: string): Promise<string> {
  const [file, ...args] = command.trim().split(/\s+/);
  if (!file) throw fail('CONFIG', `Option \`${option}\` has an empty \${exec:} reference; name a script.`);
  try {
    // Loaded here, not at the top: node:child_process costs CLI start-up time most commands never use.
    const [{ execFile }, { promisify }] = await Promise.all([import('node:child_process'), import('node:util')]);
    const { stdout } = await promisify(execFile)(file, args, { timeout: 30_000, maxBuffer: 1024 * 1024, encoding: 'utf8' });
    return stdout.trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { code?: string | number };
    const why = typeof err.code === 'number' ? `exited with status ${err.code}` : (err.code ?? 'failed');
    // The script's output is deliberately not included: it may hold the secret.
    throw fail('CONFIG', `Option \`${option}\`: \${exec:${file}} ${why}; make sure it is executable and prints the value.`);
  }
}

/** A string option, or `fallback`. */
export function configString(config: OocdConfig, name: string, fallback?: string): string | undefined {
  const v = config[name];
  if (v === undefined || v === '') return fallback;
  return String(v);
}

/** A non-negative number option (strings are parsed), or `fallback`. */
export function configNumber(config: OocdConfig, name: string, fallback: number): number {
  const v = config[name];
  if (v === undefined || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n) || n < 0) throw fail('CONFIG', `Option \`${name}\` must be a non-negative number, got ${JSON.stringify(v)}.`);
  return n;
}

/** A boolean option (`true`/`false`, any case), or `fallback`. */
export function configBoolean(config: OocdConfig, name: string, fallback: boolean): boolean {
  const v = config[name];
  if (v === undefined || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw fail('CONFIG', `Option \`${name}\` must be true or false, got ${JSON.stringify(v)}.`);
}
