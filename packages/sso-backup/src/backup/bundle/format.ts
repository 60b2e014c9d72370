/**
 * The bundle file format, versions 1 to 3 (see {@link READABLE_VERSIONS}).
 *
 * ```
 * "AUTHSTATE-SSO-BUNDLE\n"                 magic (21 bytes)
 * u32be n, header JSON (n bytes), sha256(header JSON) (32 bytes)
 * frames: u8 type, u32be length, payload (length bytes) [, 16-byte AES-GCM tag when encrypted]
 * ```
 * The header says whether and how the frames are encrypted. Frame types, in file order:
 * `I` bundle info, `S` schema, `K` SSO key, then per table `T` (table name) followed by its `C` / `R`
 * (portable rows, JSON lines) frames as the rows stream, then `M` (manifest: row counts and
 * checksums) and `E` (end). The rows are the bundle's only copy of the data: the native SQL dump is
 * produced from them when wanted (`sqlOfBundle`). Versions 1 and 2 also carried that dump in `D`
 * frames among the table sections (read, never executed by a restore). Unencrypted, `E` holds the SHA-256 of every
 * byte before it, so truncation and tampering are detected. Encrypted, every frame is AES-256-GCM
 * with the nonce `prefix ‖ index` and the AAD `sha256(header) ‖ type ‖ index`, so a changed,
 * dropped, reordered or missing (truncated) frame fails authentication.
 */
export const MAGIC = Buffer.from('AUTHSTATE-SSO-BUNDLE\n', 'latin1');

/** The bundle format version this code writes and reads. */
export const FORMAT_VERSION = 3;

/**
 * Versions this code reads. Version 2 writes the 0/1 of boolean columns as `false`/`true` in the
 * portable rows (version 1 kept SQLite's and MySQL's integers); checksums are the same in all.
 * Version 3 drops the `D` frames (the native SQL dump, a second copy of every row).
 */
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

/** The last format version whose bundles carry `D` (SQL dump) frames. */
export const LAST_VERSION_WITH_SQL = 2;

/** Frame types. */
export const FrameType = {
  info: 0x49, // I
  schema: 0x53, // S
  key: 0x4b, // K
  table: 0x54, // T
  /** Native SQL dump text, formats 1 and 2 only. */
  sql: 0x44, // D
  rows: 0x52, // R
  /** Rows like R whose lines are all canonical (their bytes are the table checksum's input), since format 2. */
  canonicalRows: 0x43, // C
  manifest: 0x4d, // M
  end: 0x45, // E
} as const;

/** A frame type byte. */
export type FrameTypeByte = (typeof FrameType)[keyof typeof FrameType];

/** Largest frame payload accepted (writers flush at {@link FRAME_TARGET_BYTES}). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Payload size at which writers flush a frame. */
export const FRAME_TARGET_BYTES = 1024 * 1024;

/** The scrypt and cipher parameters of an encrypted bundle, as stored in its header. */
export interface EncryptionHeader {
  cipher: 'aes-256-gcm';
  kdf: 'scrypt';
  /** scrypt cost (N), block size (r), parallelism (p): memory = 128 · N · r bytes. */
  N: number;
  r: number;
  p: number;
  salt: string;
  noncePrefix: string;
  /** HMAC of a constant under the derived key: tells a wrong passphrase from a damaged file. */
  keyCheck: string;
}

/** The header of a bundle file (stored in clear). */
export interface BundleHeader {
  format: 'authstate-sso-bundle';
  version: number;
  encryption: EncryptionHeader | null;
}
