/**
 * The OOCD key in a URL path: each segment percent-encoded (`/a b/ü` → `/a%20b/%C3%BC`), so `?`,
 * `#`, `%` and spaces in a key never change the request's route or query.
 *
 * @example
 * ```ts
 * fetch(`${base}/v1/entries${keyToPath('/saml/msg id')}`); // /v1/entries/saml/msg%20id
 * ```
 */
export function keyToPath(key: string): string {
  if (key === '/') return '/';
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
