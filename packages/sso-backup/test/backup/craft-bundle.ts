import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** One frame of an unencrypted bundle, as raw bytes. */
export interface RawFrame {
  type: number;
  payload: Buffer;
}

const MAGIC = Buffer.from('AUTHSTATE-SSO-BUNDLE\n', 'latin1');

/**
 * The header JSON and frames of an unencrypted bundle file, parsed here independently of the code
 * under test (magic, u32be length, header, its SHA-256, then u8 type + u32be length + payload).
 */
export async function rawBundle(path: string): Promise<{ header: string; frames: RawFrame[] }> {
  const b = await readFile(path);
  const hlen = b.readUInt32BE(MAGIC.length);
  const header = b.subarray(MAGIC.length + 4, MAGIC.length + 4 + hlen).toString('utf8');
  const frames: RawFrame[] = [];
  for (let at = MAGIC.length + 4 + hlen + 32; at < b.length; ) {
    const type = b[at] as number;
    const len = b.readUInt32BE(at + 1);
    if (type === 0x45) break; // E
    frames.push({ type, payload: b.subarray(at + 5, at + 5 + len) });
    at += 5 + len;
  }
  return { header, frames };
}

/**
 * An unencrypted bundle made of any header text and frames, with a correct header hash and a
 * correct SHA-256 end frame — what anyone can write without a key. `claim` overrides the length
 * written before frame `i` (to claim more bytes than follow).
 */
export function assemble(header: string | Buffer, frames: RawFrame[], claim: Record<number, number> = {}): Buffer {
  const json = typeof header === 'string' ? Buffer.from(header, 'utf8') : header;
  const parts: Buffer[] = [MAGIC, u32(json.length), json, createHash('sha256').update(json).digest()];
  frames.forEach((f, i) => {
    parts.push(Buffer.from([f.type]), u32(claim[i] ?? f.payload.length), f.payload);
  });
  const end = Buffer.concat([Buffer.from([0x45]), u32(32)]);
  const body = Buffer.concat([...parts, end]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * The same bundle as an older format would have written it: `version` in the header, the info
 * frame and the manifest; a `D` frame holding `sql` before the manifest (formats 1 and 2 carried
 * the native dump); for format 1, `C` frames as `R` (it had no `C`). What an old authstate wrote,
 * as far as a reader can tell.
 */
export function asOldFormat(header: string, frames: RawFrame[], version: 1 | 2, sql: string): Buffer {
  const versioned = (f: RawFrame, key: string) => {
    const o = JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>;
    return { type: f.type, payload: Buffer.from(JSON.stringify({ ...o, [key]: version })) };
  };
  const out: RawFrame[] = [];
  for (const f of frames) {
    if (f.type === 0x4d) out.push({ type: 0x44, payload: Buffer.from(sql, 'utf8') }, versioned(f, 'formatVersion'));
    else if (f.type === 0x49) out.push(versioned(f, 'formatVersion'));
    else if (f.type === 0x43 && version === 1) out.push({ type: 0x52, payload: f.payload });
    else out.push(f);
  }
  return assemble(JSON.stringify({ ...(JSON.parse(header) as object), version }), out);
}
