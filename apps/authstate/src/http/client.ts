import type { EntryJson } from '../output.js';
import { keyToPath } from './key-path.js';

/** A failed request: the HTTP status and the server's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
    this.name = 'HttpError';
  }
}

/**
 * A small client of the data service's HTTP API (what `demo` and the load test use; a model for
 * clients in other languages).
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
    return fetch(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  async #entryOrUndefined(res: Response): Promise<EntryJson | undefined> {
    if (res.status !== 404) return this.#json<EntryJson>(res);
    await res.body?.cancel();
    return undefined;
  }

  async #json<T>(res: Response, ok: number[] = [200]): Promise<T> {
    const text = await res.text();
    if (!ok.includes(res.status)) throw new HttpError(res.status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** `GET /v1/entries/KEY`; `undefined` on 404. */
  async get(key: string): Promise<EntryJson | undefined> {
    return this.#entryOrUndefined(await this.#request('GET', `/v1/entries${keyToPath(key)}`));
  }

  /** `PUT /v1/entries/KEY` (with `ifAbsent`: true when created, false on 409). */
  async put(
    key: string,
    value: string,
    opts: ({ ttlMs: number } | { expiresAt: string }) & { metadata?: Record<string, string>; ifAbsent?: boolean },
  ): Promise<boolean> {
    const { ifAbsent, ...rest } = opts;
    const res = await this.#request('PUT', `/v1/entries${keyToPath(key)}${ifAbsent ? '?ifAbsent=true' : ''}`, { value, ...rest });
    if (ifAbsent && res.status === 409) {
      await res.body?.cancel();
      return false;
    }
    await this.#json(res, [201, 204]);
    return true;
  }

  /** `POST /v1/take/KEY`; `undefined` on 404. */
  async take(key: string): Promise<EntryJson | undefined> {
    return this.#entryOrUndefined(await this.#request('POST', `/v1/take${keyToPath(key)}`));
  }

  /** `DELETE /v1/entries/KEY`: how many were removed. */
  async remove(key: string, recursive = false): Promise<number> {
    const res = await this.#request('DELETE', `/v1/entries${keyToPath(key)}${recursive ? '?recursive=true' : ''}`);
    return (await this.#json<{ removed: number }>(res)).removed;
  }

  /** `GET /v1/list/BRANCH`. */
  async list(branch: string, recursive = false): Promise<EntryJson[]> {
    return this.#json(await this.#request('GET', `/v1/list${keyToPath(branch)}${recursive ? '?recursive=true' : ''}`));
  }

  /** `GET /v1/children/BRANCH`. */
  async children(branch: string): Promise<string[]> {
    return this.#json(await this.#request('GET', `/v1/children${keyToPath(branch)}`));
  }

  /** `POST /v1/reap`: how many were reaped. */
  async reap(): Promise<number> {
    return (await this.#json<{ reaped: number }>(await this.#request('POST', '/v1/reap'))).reaped;
  }

  /** The raw status of a request (for checks like "without a token"). */
  async status(method: string, path: string): Promise<number> {
    const res = await this.#request(method, path);
    await res.body?.cancel();
    return res.status;
  }
}
