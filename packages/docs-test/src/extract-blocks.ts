import { type Directive, isDirectiveLine, parseDirective } from './directive.js';

/** How a block is run: `sh` with bash, `ts` with node + tsx, `js` with node (as an ES module). */
export type BlockLang = 'sh' | 'ts' | 'js';

/** One runnable fenced block of a Markdown file. */
export interface ReadmeBlock {
  /** The Markdown file, as given to {@link extractBlocks} (relative to the repo root in the test). */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: BlockLang;
  /** The block's text, with the fence's indentation removed, ending in a newline. */
  readonly code: string;
  readonly directive: Directive;
}

const LANGS: Record<string, BlockLang> = {
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  mjs: 'js',
  javascript: 'js',
};

// A fence opens a block only if a backtick fence's info string holds no backtick (CommonMark), so a
// line starting with an inline ```` ```sh ```` span is text.
const OPEN = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})\s*(\S*)/;

/**
 * The ```sh/bash, ```ts and ```js/mjs blocks of a Markdown text, with the docs-test directive written
 * on the last non-blank line before each (blocks in other languages, e.g. sql or ini, are not returned).
 *
 * @example extractBlocks('README.md', '```sh\necho hi\n```\n') // [{ file: 'README.md', line: 1, lang: 'sh', code: 'echo hi\n', directive: { kind: 'run' } }]
 */
export function extractBlocks(file: string, markdown: string): ReadmeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: ReadmeBlock[] = [];
  let lastText = '';
  let lastTextLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== '') {
        lastText = lines[i]!;
        lastTextLine = i + 1;
      }
      continue;
    }
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!)) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
      j++;
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    const lang = LANGS[info.toLowerCase()];
    const where = `${file}:${lastTextLine}`;
    const directive: Directive = isDirectiveLine(lastText) ? parseDirective(lastText, where) : { kind: 'run' };
    if (lang) blocks.push({ file, line: i + 1, lang, code: body.join('\n') + '\n', directive });
    else if (directive.kind !== 'run') throw new Error(`${where}: docs-test directive before a "${info}" block, which is never run`);
    lastText = '';
    i = j;
  }
  return blocks;
}
