import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { sep } from 'node:path';
import { ENTRY_SUFFIX, TEMP_PREFIX } from './names.js';
import { code } from './temp-file.js';

/** The names in one data directory, sorted into what this package knows them to be. */
export interface DirectoryContents {
  /** Entry files: base name (without suffix) and path. */
  entries: { base: string; path: string }[];
  /** Branch directories: name and path. */
  branches: { name: string; path: string }[];
  /** Temporary files (live or left over). */
  temps: string[];
}

/**
 * Reads one directory (one `readdir`, no `stat`): `*.entry` regular files, sub-directories, and
 * `.tmp-*` files. Other dot files are bookkeeping; symbolic links and anything else are ignored,
 * so nothing outside the data directory is ever followed. A missing directory is empty.
 */
export async function readDirectory(dir: string): Promise<DirectoryContents> {
  const out: DirectoryContents = { entries: [], branches: [], temps: [] };
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return out;
    throw e;
  }
  // A name from readdir is never empty, `.`, `..` or contains `/`: concatenation is what join gives.
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const d of dirents) {
    const path = prefix + d.name;
    if (d.name.startsWith('.')) {
      if (d.name.startsWith(TEMP_PREFIX) && d.isFile()) out.temps.push(path);
    } else if (d.isFile() && d.name.endsWith(ENTRY_SUFFIX)) {
      out.entries.push({ base: d.name.slice(0, -ENTRY_SUFFIX.length), path });
    } else if (d.isDirectory()) {
      out.branches.push({ name: d.name, path });
    }
  }
  return out;
}
