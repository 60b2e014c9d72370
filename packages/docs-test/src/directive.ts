/**
 * What an HTML comment right before a README block asks the docs test to do with it:
 * - `<!-- docs-test: skip (reason) -->` — not run; the reason is reported (it is required).
 * - `<!-- docs-test: background, then: CHECK -->` — a block that does not end (a server): run it in the
 *   background until the shell command CHECK succeeds, keep it running for the blocks marked
 *   `with-previous` right after it, then stop it.
 * - `<!-- docs-test: with-previous -->` — run in the same folder while the background block above runs.
 * - `<!-- docs-test: in-folder -->` — run in the README's own folder (the block uses files beside it,
 *   e.g. `new URL('./src/index.js', import.meta.url)`); the block's file is written there and removed after.
 */
export type Directive =
  | { readonly kind: 'run' }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'background'; readonly check: string }
  | { readonly kind: 'with-previous' }
  | { readonly kind: 'in-folder' };

const COMMENT = /^<!--\s*docs-test:\s*(.*?)\s*-->$/;

/** Whether a (trimmed) line is a docs-test comment at all. */
export function isDirectiveLine(line: string): boolean {
  return COMMENT.test(line.trim());
}

/**
 * Parses one `<!-- docs-test: … -->` line. Throws, naming `where`, on anything it does not know,
 * so a misspelt directive fails the test instead of silently running (or skipping) a block.
 */
export function parseDirective(line: string, where: string): Directive {
  const body = COMMENT.exec(line.trim())?.[1];
  if (body === undefined) throw new Error(`${where}: not a docs-test comment: ${line}`);
  const skip = /^skip\s*\((.+)\)$/.exec(body);
  if (skip) return { kind: 'skip', reason: skip[1]!.trim() };
  const background = /^background,\s*then:\s*(.+)$/.exec(body);
  if (background) return { kind: 'background', check: background[1]!.trim() };
  if (body === 'with-previous') return { kind: 'with-previous' };
  if (body === 'in-folder') return { kind: 'in-folder' };
  throw new Error(
    `${where}: unknown docs-test directive "${body}". Use "skip (reason)", "background, then: <check command>", "with-previous" or "in-folder".`,
  );
}
