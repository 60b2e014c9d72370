import type { OutOfContextDataService } from '@authstate/oocd-core';

/** At most this many children of one branch are counted and sent to the page. */
export const CHILDREN_SHOWN = 200;

/** One child of a branch, as the tree shows it. */
export interface ChildView {
  name: string;
  key: string;
  /** A live entry has exactly this key. */
  entry: boolean;
  /** When that entry expires (ISO 8601, UTC); only when `entry`. */
  expiresAt?: string;
  /** Live entries below this key (the whole subtree, like `authstate oocd ls KEY --recursive`). */
  below: number;
}

/** A branch with its first {@link CHILDREN_SHOWN} children. */
export interface BranchView {
  branch: string;
  /** Every child name the branch has now. */
  childTotal: number;
  /** The first children by key order (at most {@link CHILDREN_SHOWN}). */
  children: ChildView[];
}

/** The key of `name` one level below `branch`. */
export function childKey(branch: string, name: string): string {
  return branch === '/' ? `/${name}` : `${branch}/${name}`;
}

/**
 * One level of the tree: the branch's children (`children()`), whether each is itself a live
 * entry (one direct listing of the branch) and how many live entries lie below each (one
 * recursive listing per child shown). Only the first {@link CHILDREN_SHOWN} children are counted
 * and returned, so the page never receives more than that many rows for one branch.
 *
 * The service interface has no bounded listing, so the server itself still reads each listing
 * whole; see the README ("Limits").
 *
 * @example
 * ```ts
 * const view = await branchView(oocd, '/saml'); // { branch: '/saml', childTotal: 2, children: [...] }
 * ```
 */
export async function branchView(oocd: OutOfContextDataService, branch: string): Promise<BranchView> {
  const names = await oocd.children(branch);
  const shown = names.slice(0, CHILDREN_SHOWN);
  const direct = new Map((await oocd.list(branch)).map((e) => [e.key, e.expiresAt.toISOString()]));
  const children: ChildView[] = [];
  for (const name of shown) {
    const key = childKey(branch, name);
    const expiresAt = direct.get(key);
    const below = (await oocd.list(key, { recursive: true })).length;
    children.push({ name, key, entry: expiresAt !== undefined, ...(expiresAt ? { expiresAt } : {}), below });
  }
  return { branch: branch === '' ? '/' : branch, childTotal: names.length, children };
}
