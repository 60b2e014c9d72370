import { EventEmitter } from 'node:events';
import { childKey, errorFactory, MAX_EXPIRY, type OutOfContextDataService, type SetOptions } from '@authstate/oocd-core';
import { Layout } from './layout.js';

const fail = errorFactory('keyv');

/** Options of {@link KeyvOocdStore}. */
export interface KeyvOocdStoreOptions {
  /** The branch every namespace lives under (default `/keyv`). */
  base?: string;
  /** Close the OOCD service on `disconnect()` (default `true`: the store owns it). */
  closeOnDisconnect?: boolean;
}

/** An entry of `setMany`, as Keyv passes it. */
export interface KeyvOocdEntry {
  key: string;
  value: unknown;
  ttl?: number;
}

/**
 * A Keyv storage adapter over any {@link OutOfContextDataService}: file system, SQLite,
 * PostgreSQL, MariaDB or your own backend. Errors are thrown as `AuthstateError`s (Keyv turns
 * them into its `error` event where its API says so); the store itself emits nothing.
 *
 * @example
 * ```ts
 * const keyv = new Keyv({ store: new KeyvOocdStore(oocd), namespace: 'sessions' });
 * await keyv.set('alice', { roles: ['admin'] }, 60_000);
 * ```
 */
export class KeyvOocdStore extends EventEmitter {
  /**
   * What Keyv reads from a store. Keyv 5 wires `keyv.iterator()` only for stores whose
   * `opts.dialect` is on its list of iterable adapters; `etcd` is the listed hierarchical
   * key/value store, the closest kin of an OOCD, so we report it.
   */
  readonly opts: { dialect: 'etcd'; base: string };
  /** The namespace Keyv sets on its store; it names the branch. */
  namespace: string | undefined;
  private readonly oocd: OutOfContextDataService;
  private readonly layout: Layout;
  private readonly closeOnDisconnect: boolean;

  constructor(oocd: OutOfContextDataService, options: KeyvOocdStoreOptions = {}) {
    super();
    if (!oocd || typeof oocd.get !== 'function' || typeof oocd.remove !== 'function') {
      throw fail('INVALID_ARGUMENT', 'KeyvOocdStore needs an OutOfContextDataService (e.g. from openOocd()) as its first argument.');
    }
    this.oocd = oocd;
    this.layout = new Layout(options.base ?? '/keyv');
    this.closeOnDisconnect = options.closeOnDisconnect ?? true;
    this.opts = { dialect: 'etcd', base: this.layout.base };
  }

  /** The stored (serialized) value, or `undefined` when absent or expired. */
  async get(key: string): Promise<string | undefined> {
    return (await this.oocd.get(this.layout.place(this.namespace, key).key))?.value;
  }

  /** The stored values of `keys`, in order (`undefined` where absent). */
  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  /** True when `key` is present and not expired. */
  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** For each key, whether it is present. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    return Promise.all(keys.map((k) => this.has(k)));
  }

  /**
   * Stores a serialized value. `ttl` in milliseconds; without one (or 0) the entry lives until
   * the latest expiry every OOCD backend stores (end of year 9999 UTC).
   */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    if (typeof value !== 'string') {
      throw fail(
        'INVALID_ARGUMENT',
        `KeyvOocdStore stores text; got ${typeof value}. Keep Keyv's default serializer or give one that returns a string.`,
      );
    }
    const { key: path, metadata } = this.layout.place(this.namespace, key);
    const expiry: SetOptions =
      typeof ttl === 'number' && ttl !== 0 && Number.isFinite(ttl)
        ? { expiresAt: new Date(Math.min(Date.now() + Math.round(ttl), MAX_EXPIRY.getTime())) }
        : { expiresAt: MAX_EXPIRY };
    await this.oocd.set(path, value, metadata ? { ...expiry, metadata } : expiry);
    return true;
  }

  /** Stores several entries; one boolean per entry. */
  async setMany(entries: KeyvOocdEntry[]): Promise<boolean[]> {
    return Promise.all(entries.map((e) => this.set(e.key, e.value, e.ttl)));
  }

  /** Removes `key`; true if it was there. */
  async delete(key: string): Promise<boolean> {
    return (await this.oocd.remove(this.layout.place(this.namespace, key).key)) > 0;
  }

  /** Removes `keys`; true if every one was there (Keyv's own rule for stores without deleteMany). */
  async deleteMany(keys: string[]): Promise<boolean> {
    const removed = await Promise.all(keys.map((k) => this.delete(k)));
    return removed.length > 0 && removed.every(Boolean);
  }

  /** Removes the current namespace's branch, and nothing else. */
  async clear(): Promise<void> {
    await this.oocd.remove(this.layout.namespaceBranch(this.namespace), { recursive: true });
  }

  /**
   * Walks the namespace: one shard branch (1/256 of it) in memory at a time, yielding
   * `[keyvKey, serializedValue]` as Keyv expects.
   */
  async *iterator(namespace: string | undefined = this.namespace): AsyncGenerator<[string, string], void> {
    const branch = this.layout.namespaceBranch(namespace);
    for (const shard of await this.oocd.children(branch)) {
      for (const entry of await this.oocd.list(childKey(branch, shard))) {
        const key = this.layout.keyvKey(namespace, entry);
        if (key !== undefined) yield [key, entry.value];
      }
    }
  }

  /** Closes the OOCD service (unless `closeOnDisconnect: false`). */
  async disconnect(): Promise<void> {
    if (this.closeOnDisconnect) await this.oocd.close();
  }
}
