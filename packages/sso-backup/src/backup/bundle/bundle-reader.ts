import { createDecipheriv, createHash, type Hash, timingSafeEqual } from 'node:crypto';
import { fail } from '../errors.js';
import { bundleHeaderOf, MAX_HEADER_BYTES } from './bundle-header.js';
import { ByteSource } from './byte-source.js';
import { type BundleKeys, deriveKeys, frameAad, frameNonce, keyCheckMatches } from './crypto.js';
import { type BundleHeader, FrameType, MAGIC, MAX_FRAME_BYTES } from './format.js';
import { FrameOrder } from './frame-order.js';
import { parseJson, ShapeError } from './json-shape.js';

/** One authenticated frame of a bundle. */
export interface Frame {
  type: number;
  payload: Buffer;
}

/**
 * True when the file starts with the bundle magic — or is empty, or shorter than the magic and
 * the start of it: a truncated bundle, refused as such by {@link readFrames} (never taken for a
 * plain `.sql`).
 */
export async function isBundleFile(path: string): Promise<boolean> {
  const src = new ByteSource(path);
  try {
    const start = await src.read(MAGIC.length);
    return start.equals(MAGIC.subarray(0, start.length));
  } finally {
    await src.close();
  }
}

/** Options of {@link readFrames}. */
export interface ReadFramesOptions {
  /** The passphrase of an encrypted bundle; given for an unencrypted one, the read is refused (WRONG_KEY). */
  passphrase?: string;
  /** Called with the checked header before the first frame. */
  onHeader?: (header: BundleHeader) => void;
  /**
   * Read every unencrypted frame's payload into one reused buffer: a payload is then valid only
   * until the next frame is asked for (for readers that are done with it by then).
   */
  reusePayload?: boolean;
  /**
   * Keys derived by an earlier read of the same bundle with the same passphrase (one restore's
   * check and load passes): scrypt runs once, filled in here by the first read. Keyed by the
   * header's KDF parameters and salt; the key check is still verified every time.
   */
  keyCache?: Map<string, BundleKeys>;
}

/**
 * Reads a bundle's frames in order, refusing with CORRUPT anything damaged, truncated, tampered
 * with or out of shape (the header field by field, KDF parameters within {@link SCRYPT_LIMITS}
 * before deriving, frame types and order by {@link FrameOrder}), and with WRONG_KEY a wrong or
 * missing passphrase — or a passphrase given for an unencrypted bundle, which it cannot
 * authenticate (its SHA-256 trailer detects damage, not tampering). Frames of an unencrypted bundle are only
 * known good once the end frame's digest matched, so callers that act on data read the bundle
 * twice: once to check it all, once to use it.
 *
 * @example
 * ```ts
 * for await (const f of readFrames('sso.bundle', { passphrase })) if (f.type === FrameType.manifest) …
 * ```
 */
export async function* readFrames(path: string, opts: ReadFramesOptions = {}): AsyncGenerator<Frame> {
  const src = new ByteSource(path);
  try {
    const digest = createHash('sha256');
    const { header, headerHash } = await readHeader(src, path, digest);
    const keys = await keysFor(header, opts.passphrase, path, opts.keyCache);
    opts.onHeader?.(header);
    const order = new FrameOrder(header.version);
    const accept = (type: number) => {
      try {
        if (type === FrameType.end) order.end();
        else order.accept(type);
      } catch (e) {
        if (e instanceof ShapeError) throw corrupt(path, e.message);
        throw e;
      }
    };
    const prefix = header.encryption ? Buffer.from(header.encryption.noncePrefix, 'base64') : Buffer.alloc(8);
    let scratch = Buffer.alloc(0);
    for (let index = 0; ; index++) {
      const head = await src.read(5);
      if (head.length < 5) throw truncated(path);
      const type = head[0] as number;
      const len = head.readUInt32BE(1);
      if (len > MAX_FRAME_BYTES) throw corrupt(path, `a frame claims ${len} bytes`);
      if (!keys) {
        digest.update(head);
        if (opts.reusePayload && scratch.length < len) scratch = Buffer.allocUnsafe(Math.max(len, scratch.length * 2));
        const body = await src.read(len, opts.reusePayload ? scratch : undefined);
        if (body.length < len) throw truncated(path);
        if (type === FrameType.end) {
          if (len !== 32 || !timingSafeEqual(body, digest.digest())) throw corrupt(path, 'its checksum does not match its contents');
          if (!(await src.atEnd())) throw corrupt(path, 'bytes follow its end');
          accept(type);
          return;
        }
        digest.update(body);
        accept(type);
        yield { type, payload: body };
      } else {
        const body = await src.read(len + 16);
        if (body.length < len + 16) throw truncated(path);
        const d = createDecipheriv('aes-256-gcm', keys.enc, frameNonce(prefix, index));
        d.setAAD(frameAad(headerHash, type, index));
        d.setAuthTag(body.subarray(len));
        let plain: Buffer;
        try {
          const part = d.update(body.subarray(0, len));
          const last = d.final(); // empty for GCM: no concatenated copy of the frame
          plain = last.length > 0 ? Buffer.concat([part, last]) : part;
        } catch (e) {
          throw corrupt(path, `frame ${index} fails authentication`, e);
        }
        if (type === FrameType.end) {
          if (!(await src.atEnd())) throw corrupt(path, 'bytes follow its end');
          accept(type);
          return;
        }
        accept(type);
        yield { type, payload: plain };
      }
    }
  } finally {
    await src.close();
  }
}

/** Reads the clear header of a bundle (is it encrypted, with which parameters). */
export async function readBundleHeader(path: string): Promise<BundleHeader> {
  const src = new ByteSource(path);
  try {
    return (await readHeader(src, path, createHash('sha256'))).header;
  } finally {
    await src.close();
  }
}

async function readHeader(src: ByteSource, path: string, digest: Hash): Promise<{ header: BundleHeader; headerHash: Buffer }> {
  const magic = await src.read(MAGIC.length);
  if (magic.length === 0) throw fail('CORRUPT', `${path} is empty (0 bytes), not a bundle. Use a complete copy of the backup.`);
  if (!magic.equals(MAGIC)) {
    if (magic.length < MAGIC.length && magic.equals(MAGIC.subarray(0, magic.length)))
      throw truncated(path, `it is ${magic.length} bytes long`);
    throw corrupt(path, 'it does not start like an authstate SSO bundle');
  }
  const lenBuf = await src.read(4);
  if (lenBuf.length < 4) throw truncated(path, 'it ends inside its header');
  const len = lenBuf.readUInt32BE(0);
  if (len > MAX_HEADER_BYTES) throw corrupt(path, `its header claims ${len} bytes (at most ${MAX_HEADER_BYTES})`);
  const json = await src.read(len);
  const hash = await src.read(32);
  if (json.length < len || hash.length < 32) throw truncated(path, 'it ends inside its header');
  const headerHash = createHash('sha256').update(json).digest();
  if (!timingSafeEqual(hash, headerHash)) throw corrupt(path, 'its header is damaged');
  digest.update(Buffer.concat([magic, lenBuf, json, hash]));
  try {
    return { header: bundleHeaderOf(parseJson(json, 'header')), headerHash };
  } catch (e) {
    if (e instanceof ShapeError) throw corrupt(path, e.message);
    throw e;
  }
}

async function keysFor(
  header: BundleHeader,
  passphrase: string | undefined,
  path: string,
  cache?: Map<string, BundleKeys>,
): Promise<BundleKeys | undefined> {
  const enc = header.encryption;
  if (!enc) {
    if (passphrase === undefined || passphrase === '') return undefined;
    throw fail(
      'WRONG_KEY',
      `${path} is not encrypted, so a passphrase cannot authenticate it: an unencrypted bundle's SHA-256 trailer detects damage, not tampering (anyone can rewrite the file and its trailer). Give no passphrase only if you trust where the file came from; otherwise use an encrypted backup.`,
    );
  }
  if (passphrase === undefined || passphrase === '') {
    throw fail('WRONG_KEY', `${path} is encrypted. Give its passphrase (from a file, an environment variable or the prompt).`);
  }
  // the header's cipher, KDF and scrypt limits were checked by bundleHeaderOf before this derivation
  const id = `${enc.kdf}:${enc.N}:${enc.r}:${enc.p}:${enc.salt}`;
  const keys = cache?.get(id) ?? (await deriveKeys(passphrase, Buffer.from(enc.salt, 'base64'), enc));
  cache?.set(id, keys);
  if (!keyCheckMatches(keys, enc)) throw fail('WRONG_KEY', `The passphrase does not open ${path}. Check it and try again.`);
  return keys;
}

function corrupt(path: string, why: string, cause?: unknown) {
  return fail('CORRUPT', `${path} is damaged or was tampered with: ${why}. Use another copy of the backup.`, cause);
}

function truncated(path: string, how = 'it ends before its end frame') {
  return fail('CORRUPT', `${path} is truncated (${how}). Use a complete copy of the backup.`);
}
