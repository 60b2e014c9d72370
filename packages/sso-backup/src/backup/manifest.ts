import { readFileSync } from 'node:fs';
import type { Engine, TableSummary } from './types.js';

/** The manifest of a bundle: what it holds and how to check a restore of it. */
export interface Manifest {
  formatVersion: number;
  /** `@authstate/sso-backup` version that wrote it. */
  toolVersion: string;
  sourceEngine: Engine;
  /** ISO-8601 UTC time the backup started. */
  createdAt: string;
  /** Per table, in load order: row count and SHA-256 of the canonical rows. */
  tables: TableSummary[];
  /** Which secrets.conf entry the SSO key came from (it is stored as `sso_key1`). */
  keyFrom?: 'sso_key1' | 'key1';
  encrypted: boolean;
}

let version: string | undefined;

/** This package's version (from its package.json, next to both src/ and dist/). */
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
