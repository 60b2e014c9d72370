import { createCipheriv, createHash, type Hash } from 'node:crypto';
import { fail } from '../errors.js';
import type { ByteSink } from './byte-sink.js';
import { type BundleKeys, frameAad, frameNonce } from './crypto.js';
import { type BundleHeader, FORMAT_VERSION, FrameType, type FrameTypeByte, MAGIC, MAX_FRAME_BYTES } from './format.js';

/**
 * Writes the frames of a bundle file (see `format.ts`) to a {@link ByteSink}: encrypted with
 * AES-256-GCM when keys are given, else followed by a SHA-256 trailer in the end frame.
 */
export class BundleWriter {
  readonly #sink: ByteSink;
  readonly #keys: BundleKeys | undefined;
  readonly #noncePrefix: Buffer;
  #headerHash: Buffer = Buffer.alloc(32);
  readonly #digest: Hash = createHash('sha256');
  #index = 0;

  constructor(sink: ByteSink, header: BundleHeader['encryption'], keys?: BundleKeys) {
    this.#sink = sink;
    this.#keys = keys;
    this.#noncePrefix = header ? Buffer.from(header.noncePrefix, 'base64') : Buffer.alloc(8);
    this.#header = { format: 'authstate-sso-bundle', version: FORMAT_VERSION, encryption: header };
  }

  readonly #header: BundleHeader;

  /** Writes the magic and the header. */
  async start(): Promise<void> {
    const json = Buffer.from(JSON.stringify(this.#header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    this.#headerHash = createHash('sha256').update(json).digest();
    await this.#put(Buffer.concat([MAGIC, len, json, this.#headerHash]));
  }

  /** Writes one frame; `payload` is not referenced once this resolves. */
  async frame(type: FrameTypeByte, payload: Buffer | string): Promise<void> {
    const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    // A reader refuses a longer frame as corrupt: better no bundle than one that cannot be restored.
    if (data.length > MAX_FRAME_BYTES) {
      throw fail(
        'BACKEND',
        `A bundle frame holds at most ${MAX_FRAME_BYTES} bytes and this one would hold ${data.length} (a single row that large?). No bundle was written. Back up with --format sql, which has no such limit.`,
      );
    }
    const head = Buffer.alloc(5);
    head[0] = type;
    head.writeUInt32BE(data.length, 1);
    if (!this.#keys) {
      await this.#put(head);
      await this.#put(data);
    } else {
      const cipher = createCipheriv('aes-256-gcm', this.#keys.enc, frameNonce(this.#noncePrefix, this.#index));
      cipher.setAAD(frameAad(this.#headerHash, type, this.#index));
      // Head, ciphertext and tag as separate writes: the sink gathers them, no concatenated copy.
      await this.#sink.write(head);
      await this.#sink.write(cipher.update(data));
      await this.#sink.write(cipher.final());
      await this.#sink.write(cipher.getAuthTag());
    }
    this.#index++;
  }

  /** Writes the end frame (the SHA-256 trailer when not encrypted). */
  async end(): Promise<void> {
    const head = Buffer.alloc(5);
    head[0] = FrameType.end;
    if (this.#keys) return this.frame(FrameType.end, Buffer.alloc(0));
    head.writeUInt32BE(32, 1);
    this.#digest.update(head);
    await this.#sink.write(head);
    await this.#sink.write(this.#digest.digest());
  }

  async #put(b: Buffer): Promise<void> {
    if (!this.#keys) this.#digest.update(b);
    await this.#sink.write(b);
  }
}
