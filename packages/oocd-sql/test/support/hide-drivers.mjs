// A Node module hook (registered with --import) that makes the packages named in
// AUTHSTATE_HIDE_PACKAGES (comma-separated) unresolvable, as if they were not installed: they are
// resolved from an empty directory outside the repo, so Node's own resolver throws its own
// ERR_MODULE_NOT_FOUND. Everything else resolves as usual.
import { mkdtempSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hidden = (process.env.AUTHSTATE_HIDE_PACKAGES ?? '').split(',').filter(Boolean);
const nowhere = pathToFileURL(join(mkdtempSync(join(tmpdir(), 'no-packages-')), 'index.mjs')).href;

const hooks = `
const hidden = ${JSON.stringify(hidden)};
const nowhere = ${JSON.stringify(nowhere)};
export async function resolve(specifier, context, next) {
  const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (hidden.includes(pkg)) return next(specifier, { ...context, parentURL: nowhere });
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
