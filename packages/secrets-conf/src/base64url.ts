/** Url-safe base64 *with* padding, as Python's `base64.urlsafe_b64encode` writes it. */
export function toBase64UrlPadded(buf: Buffer): string {
  const s = buf.toString('base64url');
  return s + '='.repeat((4 - (s.length % 4)) % 4);
}

const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

/** Decodes url-safe base64 (padding optional); `undefined` when the text is not url-safe base64. */
export function fromBase64Url(text: string): Buffer | undefined {
  if (!URL_SAFE.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64url');
}
