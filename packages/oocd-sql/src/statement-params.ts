// The named parameters of the driver's prepared statements: a leaf module (no imports), shared by
// the dialect parts, the statement builder, the row mapping and the child walk.

/** The parameters of a statement that writes a whole row. */
export type RowParams = 'key' | 'value' | 'metadata' | 'expiresAt';

/** The parameters of the child walk and of the direct listing of a branch. */
export type WalkParams = 'lo' | 'hi' | 'now' | 'plen';

/** The parameters of one seek of the child walk run from the application. */
export type SeekParams = 'from' | 'hi' | 'now';

/** The parameters of one reap batch. */
export type ReapParams = 'now' | 'limit';

/** The arguments of one reap batch: epoch ms and the most rows to delete. */
export type ReapArgs = Readonly<Record<ReapParams, number>>;
