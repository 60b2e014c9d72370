import { branchPrefix, childKey, normalizeBranch, type OutOfContextDataService } from '@authstate/oocd-core';

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

/**
 * One level of the tree: the branch's children (`children()`), and from one recursive listing of
 * the branch, whether each child is itself a live entry and how many live entries lie below it.
 * Only the first {@link CHILDREN_SHOWN} children are returned, so the page never receives more
 * than that many rows for one branch.
 *
 * The service interface has no bounded listing, so the server itself still reads the branch's
 * listing whole; see the README ("Limits").
 *
 * @example
 * ```ts
 * const view = await branchView(oocd, '/saml'); // { branch: '/saml', childTotal: 2, children: [...] }
 * ```
 */
export async function branchView(oocd: OutOfContextDataService, requested: string): Promise<BranchView> {
  const branch = normalizeBranch(requested);
  const names = await oocd.children(branch);
  const prefix = branchPrefix(branch);
  const below = new Map<string, number>();
  const expiry = new Map<string, string>();
  for (const e of await oocd.list(branch, { recursive: true })) {
    if (!e.key.startsWith(prefix)) continue;
    const rest = e.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) expiry.set(rest, e.expiresAt.toISOString());
    else below.set(rest.slice(0, slash), (below.get(rest.slice(0, slash)) ?? 0) + 1);
  }
  const children = names.slice(0, CHILDREN_SHOWN).map((name): ChildView => {
    const expiresAt = expiry.get(name);
    return {
      name,
      key: childKey(branch, name),
      entry: expiresAt !== undefined,
      ...(expiresAt ? { expiresAt } : {}),
      below: below.get(name) ?? 0,
    };
  });
  return { branch, childTotal: names.length, children };
}
