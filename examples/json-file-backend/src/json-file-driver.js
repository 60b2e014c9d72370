// @ts-check
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { branchPrefix, isBelow, isExpired } from '@authstate/oocd-core';
import fsx from 'fs-native-extensions';

/** @typedef {import('@authstate/oocd-core').OocdEntry} OocdEntry */
/** @typedef {import('@authstate/oocd-core').OocdDriver} OocdDriver */
/** @typedef {{ v: string, x: number, m: Record<string, string> }} Stored  value, expiry (ms), metadata */

/**
 * An OOCD backend in one JSON file: every operation takes an exclusive lock (a kernel-held
 * OFD lock on `<dir>/lock`, released if the process dies), reads the file, changes it, and
 * replaces it atomically (temporary file, fsync, rename). Slow for big stores, but correct across
 * threads and processes — which is what the conformance suite's multi-process race checks.
 *
 * @implements {OocdDriver}
 */
export class JsonFileDriver {
  name = 'json-file';
  defaultReaperIntervalSec = 60;
  #dir;
  #lockFd;
  /** The tail of this instance's queue: an OFD lock is held per open file, not per call, so calls of one instance must also wait for each other. */
  #queue = Promise.resolve();

  /** @param {string} dir */
  constructor(dir) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.#dir = dir;
    this.#lockFd = openSync(join(dir, 'lock'), 'a', 0o600);
  }

  /**
   * Runs `fn` on the store under the lock; writes the store back when `fn` says it changed it.
   * @template T
   * @param {(store: Record<string, Stored>) => { result: T, changed?: boolean }} fn
   * @returns {Promise<T>}
   */
  #locked(fn) {
    const run = this.#queue.then(async () => {
      if (this.#lockFd < 0) throw new Error('[json-file] closed');
      await fsx.waitForLock(this.#lockFd); // other processes (and other instances in this one)
      try {
        const store = this.#read();
        const { result, changed } = fn(store);
        if (changed) this.#write(store);
        return result;
      } finally {
        fsx.unlock(this.#lockFd);
      }
    });
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** @returns {Record<string, Stored>} */
  #read() {
    try {
      return JSON.parse(readFileSync(join(this.#dir, 'store.json'), 'utf8'));
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return {};
      throw e;
    }
  }

  /** @param {Record<string, Stored>} store */
  #write(store) {
    const tmp = join(this.#dir, 'store.json.tmp'); // only ever written under the lock
    writeFileSync(tmp, JSON.stringify(store), { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.#dir, 'store.json'));
  }

  /** @param {string} key @param {Date} now */
  async get(key, now) {
    return this.#locked((s) => ({ result: live(s, key, now) }));
  }

  /** @param {OocdEntry} entry */
  async set(entry) {
    return this.#locked((s) => {
      s[entry.key] = stored(entry);
      return { result: undefined, changed: true };
    });
  }

  /** @param {OocdEntry} entry @param {Date} now */
  async create(entry, now) {
    return this.#locked((s) => {
      if (live(s, entry.key, now)) return { result: false };
      s[entry.key] = stored(entry);
      return { result: true, changed: true };
    });
  }

  /** @param {string} key @param {Date} now */
  async take(key, now) {
    return this.#locked((s) => {
      const e = live(s, key, now);
      const changed = key in s;
      delete s[key];
      return { result: e, changed };
    });
  }

  /** @param {string} key @param {boolean} recursive */
  async remove(key, recursive) {
    return this.#locked((s) => {
      const gone = Object.keys(s).filter((k) => k === key || (recursive && isBelow(k, key, true)));
      for (const k of gone) delete s[k];
      return { result: gone.length, changed: gone.length > 0 };
    });
  }

  /** @param {string} branch @param {boolean} recursive @param {Date} now */
  async list(branch, recursive, now) {
    return this.#locked((s) => ({
      result: /** @type {OocdEntry[]} */ (
        Object.keys(s)
          .filter((k) => isBelow(k, branch, recursive))
          .map((k) => live(s, k, now))
          .filter(Boolean)
      ),
    }));
  }

  /** @param {string} branch @param {Date} now */
  async children(branch, now) {
    const prefix = branchPrefix(branch);
    return this.#locked((s) => {
      const names = new Set();
      for (const k of Object.keys(s)) if (isBelow(k, branch, true) && live(s, k, now)) names.add(k.slice(prefix.length).split('/')[0]);
      return { result: [...names] };
    });
  }

  /** @param {Date} now */
  async reap(now) {
    return this.#locked((s) => {
      const gone = Object.keys(s).filter((k) => live(s, k, now) === undefined);
      for (const k of gone) delete s[k];
      return { result: gone.length, changed: gone.length > 0 };
    });
  }

  async close() {
    if (this.#lockFd >= 0) closeSync(this.#lockFd);
    this.#lockFd = -1;
  }
}

/** @param {OocdEntry} e @returns {Stored} */
function stored(e) {
  return { v: e.value, x: e.expiresAt.getTime(), m: { ...e.metadata } };
}

/** The entry at `key` unless absent or expired. @param {Record<string, Stored>} s @param {string} key @param {Date} now */
function live(s, key, now) {
  const r = Object.hasOwn(s, key) ? s[key] : undefined;
  if (!r) return undefined;
  const entry = { key, value: r.v, expiresAt: new Date(r.x), metadata: r.m };
  return isExpired(entry, now) ? undefined : entry;
}
