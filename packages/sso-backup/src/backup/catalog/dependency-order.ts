import { fail } from '../errors.js';
import type { TableInfo } from '../types.js';

/**
 * Sorts tables parents first by their foreign keys among themselves (self-references and
 * references to non-SSO tables are ignored); ties are broken by name so dumps are stable.
 * Reverse the result for a children-first drop order.
 *
 * @example
 * ```ts
 * const createOrder = dependencyOrder(tables); const dropOrder = [...createOrder].reverse();
 * ```
 */
export function dependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo): void => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw fail('INVALID_ARGUMENT', `The foreign keys of ${t.name} form a cycle; cannot order the SSO tables.`);
    visiting.add(t.name);
    const parents = t.foreignKeys.map((fk) => fk.refTable).filter((n) => n !== t.name && byName.has(n));
    for (const p of [...new Set(parents)].sort()) visit(byName.get(p) as TableInfo);
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(t);
  return out;
}
