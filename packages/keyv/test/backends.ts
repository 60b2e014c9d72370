// The OOCD backends the store is proven on (fs, SQLite, and the test servers when they run):
// @authstate/test-support/backends, with this package's label and the two backend factories.
import { createOocdDriver as fs } from '@authstate/oocd-fs';
import { createOocdDriver as sql } from '@authstate/oocd-sql';
import { oocdBackends } from '@authstate/test-support/backends';

export type { Backend, BackendKind } from '@authstate/test-support/backends';
export const { backendKinds, useBackend } = oocdBackends({ label: 'keyv', backends: { fs, sql } });
