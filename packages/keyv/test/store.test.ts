import { isAuthstateError, MAX_EXPIRY, type OutOfContextDataService } from '@authstate/oocd-core';
import { describe, expect, it } from '@jest/globals';
import Keyv from 'keyv';
import { KeyvOocdStore } from '../src/index.js';
import { backendKinds, useBackend } from './backends.js';

// Hostile keys: separators, escapes of our own encoding, dot segments, controls, a lone
// surrogate, case and trailing-space twins, and keys far longer than an OOCD key or a file name.
const NASTY = [
  '',
  '.',
  '..',
  '/',
  '//a/../b',
  '%',
  '%e',
  '%h',
  '%r',
  '%2F',
  'a:b:c',
  '\u0000',
  '\u0001\n\t',
  '\uD800',
  'A',
  'a',
  'a ',
  'é😀',
  'x'.repeat(3000),
  `${'é'.repeat(700)}1`,
  `${'é'.repeat(700)}2`,
];

describe.each(backendKinds())('KeyvOocdStore on %s', (kind) => {
  const target = useBackend(kind);
  const keyv = (namespace?: string, extra: Record<string, unknown> = {}) =>
    new Keyv({ store: new KeyvOocdStore(target.oocd, { closeOnDisconnect: false }), namespace, throwOnErrors: true, ...extra });

  it('stores hostile keys distinctly and gives them back from the iterator', async () => {
    const k = keyv('nasty');
    await k.setMany(NASTY.map((key, i) => ({ key, value: i })));
    expect(await k.get(NASTY)).toEqual(NASTY.map((_, i) => i));
    const walked = new Map<string, unknown>();
    for await (const [key, value] of k.iterator!(undefined)) walked.set(key, value);
    expect(walked).toEqual(new Map(NASTY.map((key, i) => [key, i])));
    expect(await k.delete(NASTY)).toBe(true);
    expect(await target.oocd.list('/keyv/nasty', { recursive: true })).toEqual([]);
  });

  it('puts a namespace in its own branch, and clear() removes only that branch', async () => {
    await target.oocd.set('/keyv-other/x', 'outside', { ttlMs: 60_000 });
    const a = keyv('a');
    const ab = keyv('a:b');
    await a.set('b:c', 1);
    await ab.set('c', 2);
    const keys = (await target.oocd.list('/keyv', { recursive: true })).map((e) => e.key.split('/').slice(0, 3).join('/'));
    expect(new Set(keys)).toEqual(new Set(['/keyv/a', '/keyv/a:b']));
    await a.clear();
    expect(await a.get('b:c')).toBeUndefined();
    expect(await ab.get('c')).toBe(2);
    expect((await target.oocd.get('/keyv-other/x'))?.value).toBe('outside');
    await ab.clear();
  });

  it('without a TTL keeps the entry until the latest expiry; with one, until now + ttl', async () => {
    const k = keyv('ttl');
    await k.set('forever', 'v');
    const before = Date.now();
    await k.set('minute', 'v', 60_000);
    const [forever, minute] = await Promise.all(
      ['forever', 'minute'].map(async (name) =>
        (await target.oocd.list('/keyv/ttl', { recursive: true })).find((e) => e.key.endsWith(`/${name}`)),
      ),
    );
    expect(forever?.expiresAt).toEqual(MAX_EXPIRY);
    expect(minute!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(minute!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    await k.clear();
  });

  it("gives keys back unchanged with Keyv's useKeyPrefix: false", async () => {
    const k = keyv('raw', { useKeyPrefix: false });
    await k.set('raw:x', 1);
    await k.set('y', 2);
    const walked = new Map<string, unknown>();
    for await (const [key, value] of k.iterator!(undefined)) walked.set(key, value);
    expect(walked).toEqual(
      new Map([
        ['raw:x', 1],
        ['y', 2],
      ]),
    );
    await k.clear();
  });

  it('walks a namespace one shard branch at a time', async () => {
    const k = keyv('big');
    const n = 300;
    await k.setMany(Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: i })));
    let largest = 0;
    const counting = new Proxy(target.oocd, {
      get: (target, prop, receiver) =>
        prop === 'list'
          ? async (...args: Parameters<OutOfContextDataService['list']>) => {
              const entries = await target.list(...args);
              largest = Math.max(largest, entries.length);
              return entries;
            }
          : Reflect.get(target, prop, receiver),
    });
    const walker = new Keyv({ store: new KeyvOocdStore(counting, { closeOnDisconnect: false }), namespace: 'big' });
    let seen = 0;
    for await (const _ of walker.iterator!(undefined)) seen++;
    expect(seen).toBe(n);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(n / 10);
    await k.clear();
  });

  it('refuses a value that is not text, saying what to do', async () => {
    const store = new KeyvOocdStore(target.oocd, { closeOnDisconnect: false });
    const error = await store.set('k', { not: 'serialized' }).catch((e: unknown) => e);
    expect(isAuthstateError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/serializer/);
  });
});

describe('KeyvOocdStore construction', () => {
  it('refuses something that is not an OOCD service', () => {
    expect(() => new KeyvOocdStore({} as OutOfContextDataService)).toThrow(/OutOfContextDataService/);
  });
  it('refuses a bad base branch', () => {
    expect(() => new KeyvOocdStore({ get() {}, remove() {} } as unknown as OutOfContextDataService, { base: 'keyv' })).toThrow(
      /must start with/,
    );
  });
});
