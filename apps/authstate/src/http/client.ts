import type { EntryJson } from '../output.js';
import { errorForResponse, serverErrorCode, unreachable } from './client-errors.js';
import { keyToPath } from './key-path.js';

/**
 * A small client of the data service's HTTP API (what `demo` and the load test use; a model for
 * clients in other languages). Error responses become {@link AuthstateError}s with the server's
 * code (see `errorForResponse`); no answer at all is `BACKEND`.
 *
 * @example
 * ```ts
 * const c = new DataServiceClient('http://127.0.0.1:8646', token);
 * await c.put('/saml/msgid/abc', 'seen', { ttlMs: 60_000 });
 * const e = await c.get('/saml/msgid/abc');
 * ```
 */
export class DataServiceClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | undefined,
  ) {}

  async #request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (e) {
      throw unreachable(this.baseUrl, method, path, e);
    }
  }

  // An entry, or undefined for the service's "no such entry" 404 (a 404 of an unknown route throws).
  async #entryOrUndefined(method: string, path: string): Promise<EntryJson | undefined> {
    const res = await this.#request(method, path);
    if (res.status !== 404) return this.#json<EntryJson>(res, method, path);
    const text = await res.text();
    if (serverErrorCode(text) === 'NOT_FOUND') return undefined;
    throw errorForResponse(method, path, res.status, text);
  }

  async #json<T>(res: Response, method: string, path: string, ok: number[] = [200]): Promise<T> {
    const text = await res.text();
    if (!ok.includes(res.status)) throw errorForResponse(method, path, res.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async #call<T>(method: string, path: string): Promise<T> {
    return this.#json<T>(await this.#request(method, path), method, path);
  }

  /** `GET /v1/entries/KEY`; `undefined` on 404. */
  async get(key: string): Promise<EntryJson | undefined> {
    return this.#entryOrUndefined('GET', `/v1/entries${keyToPath(key)}`);
  }

  /** `PUT /v1/entries/KEY` (with `ifAbsent`: true when created, false on 409). */
  async put(
    key: string,
    value: string,
    opts: ({ ttlMs: number } | { expiresAt: string }) & { metadata?: Record<string, string>; ifAbsent?: boolean },
  ): Promise<boolean> {
    const { ifAbsent, ...rest } = opts;
    const path = `/v1/entries${keyToPath(key)}${ifAbsent ? '?ifAbsent=true' : ''}`;
    const res = await this.#request('PUT', path, { value, ...rest });
    if (ifAbsent && res.status === 409) {
      await res.body?.cancel();
      return false;
    }
    await this.#json(res, 'PUT', path, [201, 204]);
    return true;
  }

  /** `POST /v1/take/KEY`; `undefined` on 404. */
  async take(key: string): Promise<EntryJson | undefined> {
    return this.#entryOrUndefined('POST', `/v1/take${keyToPath(key)}`);
  }

  /** `DELETE /v1/entries/KEY`: how many were removed. */
  async remove(key: string, recursive = false): Promise<number> {
    return (await this.#call<{ removed: number }>('DELETE', `/v1/entries${keyToPath(key)}${recursive ? '?recursive=true' : ''}`)).removed;
  }

  /** `GET /v1/list/BRANCH`. */
  async list(branch: string, recursive = false): Promise<EntryJson[]> {
    return this.#call('GET', `/v1/list${keyToPath(branch)}${recursive ? '?recursive=true' : ''}`);
  }

  /** `GET /v1/children/BRANCH`. */
  async children(branch: string): Promise<string[]> {
    return this.#call('GET', `/v1/children${keyToPath(branch)}`);
  }

  /** `POST /v1/reap`: how many were reaped. */
  async reap(): Promise<number> {
    return (await this.#call<{ reaped: number }>('POST', '/v1/reap')).reaped;
  }

  /** The raw status of a request (for checks like "without a token"). */
  async status(method: string, path: string): Promise<number> {
    const res = await this.#request(method, path);
    await res.body?.cancel();
    return res.status;
  }
}
