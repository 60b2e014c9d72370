import type { CompiledQuery, Expression, Kysely, QueryResult, RawBuilder } from 'kysely';
import { sql } from 'kysely';

/** Something that runs compiled queries: the Kysely instance or one of its connections. */
export type QueryRunner = Pick<Kysely<never>, 'executeQuery'>;

/** What compiles a raw `sql` template: any Kysely instance. */
export type ExecutorProvider = Parameters<RawBuilder<unknown>['compile']>[0];

class Param {
  constructor(readonly name: string) {}
}

/** Makes a named parameter placeholder for {@link prepare}. */
export type ParamFn<P extends string> = (name: P) => Expression<never>;

/**
 * A statement built once with Kysely's query builder and run many times with new parameters:
 * the SQL text is compiled (per dialect, by Kysely) when the driver opens, so a call only binds
 * values. Parameters are named; a name may occur several times.
 */
export class PreparedQuery<P extends string, R = Record<string, unknown>> {
  readonly #compiled: CompiledQuery<R>;
  readonly #slots: readonly (Param | unknown)[];

  constructor(compiled: CompiledQuery<R>) {
    this.#compiled = compiled;
    this.#slots = compiled.parameters;
  }

  /** The SQL text (for tests and the benchmark's raw baseline). */
  get sql(): string {
    return this.#compiled.sql;
  }

  /** The parameter values, in placeholder order, for these named arguments. */
  bind(args: Readonly<Record<P, unknown>>): unknown[] {
    return this.#slots.map((slot) => (slot instanceof Param ? args[slot.name as P] : slot));
  }

  /** The statement with these arguments bound, ready to run. */
  compiled(args: Readonly<Record<P, unknown>>): CompiledQuery<R> {
    return { ...this.#compiled, parameters: this.bind(args) };
  }

  /** Runs the statement on `runner` (the database, or a connection holding a session lock). */
  execute(runner: QueryRunner, args: Readonly<Record<P, unknown>>): Promise<QueryResult<R>> {
    return runner.executeQuery<R>(this.compiled(args));
  }
}

/**
 * Compiles a query once; `p('name')` stands for a parameter supplied at each run.
 *
 * @example
 * ```ts
 * const get = prepare<'key'>(db, (p) => db.selectFrom('t').selectAll().where('k', '=', p('key')));
 * const { rows } = await get.execute(db, { key: '/a' });
 * ```
 */
export function prepare<P extends string, R = Record<string, unknown>>(
  db: ExecutorProvider,
  build: (p: ParamFn<P>) => { compile(): CompiledQuery<R> } | RawBuilder<R>,
): PreparedQuery<P, R> {
  const p: ParamFn<P> = (name) => sql.val(new Param(name)) as unknown as Expression<never>;
  const query = build(p);
  // Query builders compile on their own; raw `sql` templates need the database's compiler.
  return new PreparedQuery<P, R>(query.compile(db));
}

/** A query result's affected-row count as a number (0 when the statement reported none). */
export const affectedRows = (r: { numAffectedRows?: bigint }): number => Number(r.numAffectedRows ?? 0n);
