/**
 * Accumulates text as UTF-8 bytes in one growing buffer, so large outputs (frames of rows, SQL)
 * are built without long-lived string ropes (cheap for the garbage collector) and are hashed and
 * written as bytes without another conversion.
 *
 * @example
 * ```ts
 * const b = new ByteBuilder(); b.append('INSERT …;\n'); await sink.write(b.take());
 * ```
 */
export class ByteBuilder {
  #buf: Buffer;
  #len = 0;

  constructor(capacity = 2 * 1024 * 1024) {
    this.#buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes held. */
  get length(): number {
    return this.#len;
  }

  /** Appends `text` as UTF-8. */
  append(text: string): void {
    // +1: room for appendThen's last byte
    const worst = text.length * 3 + 1;
    if (this.#len + worst > this.#buf.length) this.#grow(worst);
    this.#len += this.#buf.write(text, this.#len, 'utf8');
  }

  #grow(more: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + more));
    this.#buf.copy(grown, 0, 0, this.#len);
    this.#buf = grown;
  }

  /** Appends `text` as UTF-8 followed by the byte `last` (e.g. a newline), without a concatenated string to flatten. */
  appendThen(text: string, last: number): void {
    this.append(text);
    this.#buf[this.#len++] = last;
  }

  /** Appends one byte. */
  appendByte(byte: number): void {
    if (this.#len + 1 > this.#buf.length) this.#grow(1);
    this.#buf[this.#len++] = byte;
  }

  /** Appends raw bytes (e.g. a pre-encoded statement prefix). */
  appendBytes(bytes: Uint8Array): void {
    if (this.#len + bytes.length > this.#buf.length) this.#grow(bytes.length);
    this.#buf.set(bytes, this.#len);
    this.#len += bytes.length;
  }

  /** The bytes from `start` to the end, without copying (valid until the next append or take). */
  view(start = 0): Buffer {
    return this.#buf.subarray(start, this.#len);
  }

  /** Hands out the bytes held (the caller owns them) and starts a fresh buffer. */
  take(): Buffer {
    const out = this.#buf.subarray(0, this.#len);
    this.#buf = Buffer.allocUnsafe(this.#buf.length);
    this.#len = 0;
    return out;
  }

  /** Forgets the bytes held, keeping the buffer. */
  reset(): void {
    this.#len = 0;
  }
}
