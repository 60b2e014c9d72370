import type { OocdDriver } from './driver.js';
import { isExpired } from './entry.js';
import { branchPrefix, isBelow } from './keys.js';
import type { OocdEntry } from './types.js';

/**
 * The reference backend: a `Map` in this process. Every operation is synchronous inside, so
 * `create` and `take` are atomic within the process. Not shared between processes.
 */
export class MemoryDriver implements OocdDriver {
  readonly name = 'memory';
  readonly defaultReaperIntervalSec = 60;
  readonly #entries = new Map<string, OocdEntry>();

  async get(key: string, now: Date) {
    const e = this.#entries.get(key);
    return e && !isExpired(e, now) ? copy(e) : undefined;
  }

  async set(entry: OocdEntry) {
    this.#entries.set(entry.key, copy(entry));
  }

  async create(entry: OocdEntry, now: Date) {
    const old = this.#entries.get(entry.key);
    if (old && !isExpired(old, now)) return false;
    this.#entries.set(entry.key, copy(entry));
    return true;
  }

  async take(key: string, now: Date) {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    return isExpired(e, now) ? undefined : e;
  }

  async remove(key: string, recursive: boolean) {
    let n = this.#entries.delete(key) ? 1 : 0;
    if (recursive) {
      for (const k of [...this.#entries.keys()]) if (isBelow(k, key, true) && this.#entries.delete(k)) n++;
    }
    return n;
  }

  async list(branch: string, recursive: boolean, now: Date) {
    return [...this.#entries.values()].filter((e) => isBelow(e.key, branch, recursive) && !isExpired(e, now)).map(copy);
  }

  async children(branch: string, now: Date) {
    const prefix = branchPrefix(branch);
    const names = new Set<string>();
    for (const e of this.#entries.values()) {
      if (isBelow(e.key, branch, true) && !isExpired(e, now)) names.add(e.key.slice(prefix.length).split('/')[0] as string);
    }
    return [...names];
  }

  async reap(now: Date) {
    let n = 0;
    for (const [k, e] of this.#entries) if (isExpired(e, now) && this.#entries.delete(k)) n++;
    return n;
  }

  async close() {
    this.#entries.clear();
  }
}

function copy(e: OocdEntry): OocdEntry {
  return { key: e.key, value: e.value, expiresAt: new Date(e.expiresAt.getTime()), metadata: Object.freeze({ ...e.metadata }) };
}
