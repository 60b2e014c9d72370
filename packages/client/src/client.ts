import {
  errorFactory,
  type ListOptions,
  normalizeBranch,
  type OocdEntry,
  type OutOfContextDataService,
  type RemoveOptions,
  resolveExpiry,
  type SetOptions,
  validateKey,
  validateMetadata,
  validateValue,
} from '@authstate/oocd-core';
import { entryFromJson } from './entry-json.js';
import { errorForResponse, serverErrorCode, unreachable } from './errors.js';
import { keyToPath } from './key-path.js';
import { type ClientOptions, checkBaseUrl, checkTimeout, checkToken } from './options.js';

const fail = errorFactory('client');

/**
 * The data service (`authstate oocd serve`) over HTTP, with the interface of the embedded
 * service ({@link OutOfContextDataService}): same methods, option shapes, `Date` expiries and
 * error codes. Keys, values, expiries and metadata are checked here by the core's own rules
 * before any request; error answers become {@link AuthstateError}s (see `errorForResponse`),
 * no answer at all is `BACKEND` with the URL. The token is never part of a message.
 *
 * Differences from the embedded service: `reap()` reaps by the server's clock (an instant is
 * refused), and the server's value-size limit is the server's.
 *
 * @example
 * ```ts
 * const oocd = new DataServiceClient('http://127.0.0.1:8646', { token: process.env.AUTHSTATE_TOKEN });
 * if (await oocd.create('/saml/msgid/abc', 'seen', { ttlMs: 60_000 })) console.log('first time');
 * await oocd.close();
 * ```
 */
export class DataServiceClient implements OutOfContextDataService {
  /** The service's base URL (no trailing `/`). */
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  #closed = false;

  /** @throws AuthstateError `CONFIG` for a URL, token or timeout that cannot work. */
  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = checkBaseUrl(baseUrl);
    this.#token = checkToken(options.token);
    this.#timeoutMs = checkTimeout(options.timeoutMs);
  }

  async #request(method: string, path: string, body?: unknown): Promise<Response> {
    if (this.#closed) throw fail('CLOSED', 'This data service client is closed; create a new DataServiceClient.');
    const headers: Record<string, string> = {};
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init = { method, headers, signal: AbortSignal.timeout(this.#timeoutMs) };
    try {
      return await fetch(this.baseUrl + path, body === undefined ? init : { ...init, body: JSON.stringify(body) });
    } catch (e) {
      throw unreachable(this.baseUrl, method, path, e);
    }
  }

  // The JSON body of an answer with one of the `ok` statuses; any other status throws.
  async #json(res: Response, method: string, path: string, ok: number[] = [200]): Promise<unknown> {
    const text = await res.text();
    if (!ok.includes(res.status)) throw errorForResponse(method, path, res.status, text);
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw fail('BACKEND', `${method} ${path.split('?', 1)[0]}: the data service answered ${res.status} with a body that is not JSON.`);
    }
  }

  // An entry, or undefined for the service's "no such entry" 404 (a 404 of an unknown route throws).
  async #entryOrUndefined(method: string, path: string): Promise<OocdEntry | undefined> {
    const res = await this.#request(method, path);
    if (res.status === 404) {
      const text = await res.text();
      if (serverErrorCode(text) === 'NOT_FOUND') return undefined;
      throw errorForResponse(method, path, res.status, text);
    }
    return entryFromJson(await this.#json(res, method, path), `${method} ${path}`);
  }

  // The number in field `field` of a `{field: n}` answer.
  async #count(method: string, path: string, field: 'removed' | 'reaped'): Promise<number> {
    const body = (await this.#json(await this.#request(method, path), method, path)) as Record<string, unknown> | undefined;
    const n = body?.[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw fail(
        'BACKEND',
        `${method} ${path.split('?', 1)[0]}: the answer has no count "${field}"; is the URL an authstate data service?`,
      );
    }
    return n;
  }

  // PUT /v1/entries/KEY with the body the server takes; the expiry in the form the caller gave it.
  async #put(key: string, value: string, opts: SetOptions, ifAbsent: boolean): Promise<Response> {
    const path = `/v1/entries${keyToPath(validateKey(key))}${ifAbsent ? '?ifAbsent=true' : ''}`;
    validateValue(value, Number.MAX_SAFE_INTEGER);
    resolveExpiry(opts, new Date()); // the core's checks; the server resolves the expiry itself
    const metadata = validateMetadata(opts.metadata);
    const expiry =
      'expiresAt' in opts && opts.expiresAt !== undefined
        ? { expiresAt: opts.expiresAt.toISOString() }
        : { ttlMs: (opts as { ttlMs: number }).ttlMs };
    return this.#request('PUT', path, { value, ...expiry, metadata });
  }

  /** `GET /v1/entries/KEY`: the entry, or `undefined` when absent or expired. */
  async get(key: string): Promise<OocdEntry | undefined> {
    return this.#entryOrUndefined('GET', `/v1/entries${keyToPath(validateKey(key))}`);
  }

  /** `PUT /v1/entries/KEY`: stores (inserts or replaces) the entry. */
  async set(key: string, value: string, opts: SetOptions): Promise<void> {
    const res = await this.#put(key, value, opts, false);
    await this.#json(res, 'PUT', `/v1/entries${keyToPath(key)}`, [201, 204]);
  }

  /** `PUT /v1/entries/KEY?ifAbsent=true`: true when created, false when a live entry exists (409). */
  async create(key: string, value: string, opts: SetOptions): Promise<boolean> {
    const res = await this.#put(key, value, opts, true);
    const path = `/v1/entries${keyToPath(key)}?ifAbsent=true`;
    if (res.status === 409) {
      const text = await res.text();
      if (serverErrorCode(text) === 'ALREADY_EXISTS') return false;
      throw errorForResponse('PUT', path, res.status, text);
    }
    await this.#json(res, 'PUT', path, [201]);
    return true;
  }

  /** `POST /v1/take/KEY`: reads and removes the entry atomically; `undefined` when absent. */
  async take(key: string): Promise<OocdEntry | undefined> {
    return this.#entryOrUndefined('POST', `/v1/take${keyToPath(validateKey(key))}`);
  }

  /** `DELETE /v1/entries/KEY[?recursive=true]`: how many entries were removed. */
  async remove(key: string, opts?: RemoveOptions): Promise<number> {
    const path = `/v1/entries${keyToPath(validateKey(key))}${opts?.recursive === true ? '?recursive=true' : ''}`;
    return this.#count('DELETE', path, 'removed');
  }

  /** `GET /v1/list/BRANCH[?recursive=true]`: live entries under the branch, sorted by key. */
  async list(branch: string, opts?: ListOptions): Promise<OocdEntry[]> {
    const path = `/v1/list${keyToPath(normalizeBranch(branch))}${opts?.recursive === true ? '?recursive=true' : ''}`;
    const body = await this.#json(await this.#request('GET', path), 'GET', path);
    if (!Array.isArray(body)) throw fail('BACKEND', `GET ${path.split('?', 1)[0]}: the answer is not a list of entries.`);
    return body.map((e) => entryFromJson(e, `GET ${path}`));
  }

  /** `GET /v1/children/BRANCH`: the names one level below the branch, sorted. */
  async children(branch: string): Promise<string[]> {
    const path = `/v1/children${keyToPath(normalizeBranch(branch))}`;
    const body = await this.#json(await this.#request('GET', path), 'GET', path);
    if (!Array.isArray(body) || body.some((n) => typeof n !== 'string')) {
      throw fail('BACKEND', `GET ${path}: the answer is not a list of names.`);
    }
    return body as string[];
  }

  /**
   * `POST /v1/reap`: deletes expired entries now, by the server's clock; how many. An instant
   * cannot be sent over HTTP and is refused (`INVALID_ARGUMENT`) rather than ignored.
   */
  async reap(now?: Date): Promise<number> {
    if (now !== undefined) {
      throw fail(
        'INVALID_ARGUMENT',
        'reap(now) with an instant is not available over HTTP: the server reaps by its own clock; call reap().',
      );
    }
    return this.#count('POST', '/v1/reap', 'reaped');
  }

  /** Marks the client closed: later calls fail with `CLOSED`. Idempotent; holds no connections of its own. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  /** The raw HTTP status of a request (for checks such as "without a token → 401"). */
  async status(method: string, path: string): Promise<number> {
    const res = await this.#request(method, path);
    await res.body?.cancel();
    return res.status;
  }
}
