import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorFactory } from '@authstate/oocd-core';
import type { FastifyReply, FastifyRequest } from 'fastify';

const fail = errorFactory('http');

/**
 * Where the page's files live: the package's `ui/` folder, found by walking up from this module
 * (it runs from `src/http/ui/`, `dist/http/ui/` or a chunk of the CLI bundle in `dist/bundle/`).
 */
export const UI_DIR = findUiDir(dirname(fileURLToPath(import.meta.url)));

function findUiDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'ui', 'index.html'))) return join(dir, 'ui/');
    if (dirname(dir) === dir) return join(from, '../../../ui/'); // not found: the load names the missing file
  }
}

/** The page's files and their content types; nothing else under `/ui/` is served without a token. */
const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

/** Headers of every shell file: no inline script, no framing, nothing fetched from elsewhere. */
const SHELL_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * An `onRequest` hook that serves the page's static shell (`/ui/`, its script, style sheet and
 * icon) and passes every other request on. The shell holds no data, so it is served without a
 * token; the hook must run before the bearer-token hook. The files are read once, here.
 *
 * @throws AuthstateError `CONFIG` when a file of the page is missing (a broken installation).
 */
export function uiShellHook(dir: string = UI_DIR) {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [name, type] of Object.entries(FILES)) {
    try {
      files.set(`/ui/${name}`, { body: readFileSync(`${dir}${name}`), type });
    } catch (e) {
      throw fail('CONFIG', `The web page's file ${dir}${name} is missing; reinstall @authstate/authstate.`, e);
    }
  }
  files.set('/ui/', files.get('/ui/index.html') as { body: Buffer; type: string });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const path = request.url.split('?', 1)[0] as string;
    // Relative links in the page need the trailing slash (it also works behind a path prefix).
    if (path === '/ui') return reply.code(302).header('location', 'ui/').send();
    const file = files.get(path);
    if (!file) return;
    return reply.headers(SHELL_HEADERS).type(file.type).send(file.body);
  };
}
