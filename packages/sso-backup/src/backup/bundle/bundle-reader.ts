import { createDecipheriv, createHash, type Hash, timingSafeEqual } from 'node:crypto';
import { fail } from '../errors.js';
import { ByteSource } from './byte-source.js';
import { type BundleKeys, deriveKeys, frameAad, frameNonce, keyCheckMatches } from './crypto.js';
import { type BundleHeader, FrameType, MAGIC, MAX_FRAME_BYTES, READABLE_VERSIONS } from './format.js';

/** One authenticated frame of a bundle. */
export interface Frame {
  type: number;
  payload: Buffer;
}

/** True when the file starts with the bundle magic (else it may be a plain `.sql`). */
export async function isBundleFile(path: string): Promise<boolean> {
  const src = new ByteSource(path);
  try {
    return (await src.read(MAGIC.length)).equals(MAGIC);
  } finally {
    await src.close();
  }
}

/**
 * Reads a bundle's frames in order, refusing with CORRUPT anything damaged, truncated or
 * tampered with and with WRONG_KEY a wrong passphrase. Frames of an unencrypted bundle are only
 * known good once the end frame's digest matched, so callers that act on data read the bundle
 * twice: once to check it all, once to use it.
 *
 * @example
 * ```ts
 * for await (const f of readFrames('sso.bundle', { passphrase })) if (f.type === FrameType.manifest) …
 * ```
 */
export async function* readFrames(path: string, opts: { passphrase?: string } = {}): AsyncGenerator<Frame> {
  const src = new ByteSource(path);
  try {
    const digest = createHash('sha256');
    const { header, headerHash } = await readHeader(src, path, digest);
    const keys = await keysFor(header, opts.passphrase, path);
    const prefix = header.encryption ? Buffer.from(header.encryption.noncePrefix, 'base64') : Buffer.alloc(8);
    for (let index = 0; ; index++) {
      const head = await src.read(5);
      if (head.length < 5) throw truncated(path);
      const type = head[0] as number;
      const len = head.readUInt32BE(1);
      if (len > MAX_FRAME_BYTES) throw corrupt(path, `a frame claims ${len} bytes`);
      if (!keys) {
        digest.update(head);
        const body = await src.read(len);
        if (body.length < len) throw truncated(path);
        if (type === FrameType.end) {
          if (len !== 32 || !timingSafeEqual(body, digest.digest())) throw corrupt(path, 'its checksum does not match its contents');
          if (!(await src.atEnd())) throw corrupt(path, 'bytes follow its end');
          return;
        }
        digest.update(body);
        yield { type, payload: body };
      } else {
        const body = await src.read(len + 16);
        if (body.length < len + 16) throw truncated(path);
        const d = createDecipheriv('aes-256-gcm', keys.enc, frameNonce(prefix, index));
        d.setAAD(frameAad(headerHash, type, index));
        d.setAuthTag(body.subarray(len));
        let plain: Buffer;
        try {
          plain = Buffer.concat([d.update(body.subarray(0, len)), d.final()]);
        } catch (e) {
          throw corrupt(path, `frame ${index} fails authentication`, e);
        }
        if (type === FrameType.end) {
          if (!(await src.atEnd())) throw corrupt(path, 'bytes follow its end');
          return;
        }
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
  if (!magic.equals(MAGIC)) throw corrupt(path, 'it does not start like an authstate SSO bundle');
  const lenBuf = await src.read(4);
  if (lenBuf.length < 4) throw truncated(path);
  const len = lenBuf.readUInt32BE(0);
  if (len > 64 * 1024) throw corrupt(path, 'its header is too large');
  const json = await src.read(len);
  const hash = await src.read(32);
  if (hash.length < 32) throw truncated(path);
  const headerHash = createHash('sha256').update(json).digest();
  if (!timingSafeEqual(hash, headerHash)) throw corrupt(path, 'its header is damaged');
  digest.update(Buffer.concat([magic, lenBuf, json, hash]));
  const header = JSON.parse(json.toString('utf8')) as BundleHeader;
  if (header.format !== 'authstate-sso-bundle' || !READABLE_VERSIONS.includes(header.version)) {
    throw fail(
      'CORRUPT',
      `${path} is bundle format ${String(header.version)}; this tool reads versions ${READABLE_VERSIONS.join(' and ')}. Use a matching authstate version.`,
    );
  }
  return { header, headerHash };
}

async function keysFor(header: BundleHeader, passphrase: string | undefined, path: string): Promise<BundleKeys | undefined> {
  const enc = header.encryption;
  if (!enc) return undefined;
  if (passphrase === undefined || passphrase === '') {
    throw fail('WRONG_KEY', `${path} is encrypted. Give its passphrase (from a file, an environment variable or the prompt).`);
  }
  if (enc.cipher !== 'aes-256-gcm' || enc.kdf !== 'scrypt') throw corrupt(path, `it uses an unknown cipher or KDF`);
  if (enc.N > 2 ** 22 || enc.r > 32 || enc.p > 16) throw corrupt(path, 'its KDF parameters are out of range');
  const keys = await deriveKeys(passphrase, Buffer.from(enc.salt, 'base64'), enc);
  if (!keyCheckMatches(keys, enc)) throw fail('WRONG_KEY', `The passphrase does not open ${path}. Check it and try again.`);
  return keys;
}

function corrupt(path: string, why: string, cause?: unknown) {
  return fail('CORRUPT', `${path} is damaged or was tampered with: ${why}. Use another copy of the backup.`, cause);
}

function truncated(path: string) {
  return fail('CORRUPT', `${path} is truncated (it ends before its end frame). Use a complete copy of the backup.`);
}
