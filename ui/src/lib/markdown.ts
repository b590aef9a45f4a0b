// The app's Markdown (the changelog's release notes, the user guide) read
// into blocks for Markdown.svelte to draw as elements: paragraphs, `#`
// headings, `-` and `1.` lists (an item's next lines indented under it),
// `>` quotes, pipe tables, fenced code, rules, and inside them **bold**,
// *emphasis*, `code`, [links](#heading) and ![pictures](user-guide/name.png).
// Nothing else is Markdown here, and no text is ever HTML: `<b>` stays those
// three characters. What a link or a picture may point at is the drawing's
// to decide (only in-page links, only pictures built into the app).

/** A run of text inside a block. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'image'; alt: string; src: string };

/** A block of the text; a heading carries the id its links use (`slug`). */
export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; slug: string; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const BULLET = /^ {0,3}[-*+] +(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)] +(.*)$/;
const HEADING = /^ {0,3}(#{1,6}) +(.*?)(?: +#+)?$/;
const RULE = /^ {0,3}([-*_])(?: *\1){2,} *$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_RULE = /^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$/;

/** Which spans may start here: none of a kind inside another of its kind. */
interface Spans {
  strong: boolean;
  em: boolean;
  link: boolean;
}

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** Where the `mark` closing a span opened before `from` is, passing over code; -1 if none. */
function closing(text: string, from: number, mark: string, fits: (at: number) => boolean = () => true): number {
  for (let j = from; j < text.length; j += 1) {
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      if (end > j + 1) {
        j = end;
        continue;
      }
    }
    if (text.startsWith(mark, j) && fits(j)) return j;
  }
  return -1;
}

/** `*emphasis*` or `_emphasis_` opening at `i`: where it closes, or -1. */
function closingEm(text: string, i: number): number {
  const mark = text[i] ?? '';
  const next = text[i + 1] ?? '';
  if (next === '' || next === mark || SPACE.test(next)) return -1;
  // `_` inside a word (snake_case) is a letter, not a mark.
  if (mark === '_' && i > 0 && WORD.test(text[i - 1] ?? '')) return -1;
  if (mark === '*' && text[i - 1] === '*') return -1;
  return closing(text, i + 2, mark, (j) => {
    const before = text[j - 1] ?? '';
    const after = text[j + 1] ?? '';
    if (SPACE.test(before) || before === mark || after === mark) return false;
    return mark === '*' || after === '' || !WORD.test(after);
  });
}

/** `[label](href)` (or `![alt](src)`) whose `[` is at `i`: its parts and where it ends, or null. */
function bracketed(text: string, i: number): { label: string; target: string; end: number } | null {
  const close = text.indexOf('](', i + 1);
  if (close < 0 || text.slice(i + 1, close).includes('[')) return null;
  const end = text.indexOf(')', close + 2);
  if (end < 0) return null;
  // A title after the address (`(#here "Title")`) is left out.
  const target = text.slice(close + 2, end).trim().split(/\s+/)[0] ?? '';
  if (target === '') return null;
  return { label: text.slice(i + 1, close), target: target.replace(/^<(.*)>$/, '$1'), end: end + 1 };
}

/** One line's (or a joined paragraph's) text: `code` first, then the other spans. */
export function parseInline(text: string, spans: Spans = { strong: true, em: true, link: true }): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const push = (part: Inline) => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
    out.push(part);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        push({ kind: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (c === '!' && text[i + 1] === '[') {
      const image = bracketed(text, i + 1);
      if (image) {
        push({ kind: 'image', alt: image.label, src: image.target });
        i = image.end;
        continue;
      }
    } else if (c === '[' && spans.link) {
      const link = bracketed(text, i);
      if (link) {
        push({ kind: 'link', href: link.target, children: parseInline(link.label, { ...spans, link: false }) });
        i = link.end;
        continue;
      }
    } else if (spans.strong && text.startsWith('**', i)) {
      const end = closing(text, i + 2, '**');
      if (end > i + 2) {
        push({ kind: 'strong', children: parseInline(text.slice(i + 2, end), { ...spans, strong: false }) });
        i = end + 2;
        continue;
      }
    }
    if (spans.em && (c === '*' || c === '_')) {
      const end = closingEm(text, i);
      if (end > i + 1) {
        push({ kind: 'em', children: parseInline(text.slice(i + 1, end), { ...spans, em: false }) });
        i = end + 1;
        continue;
      }
    }
    plain += c;
    i += 1;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

/** The text a reader sees in `parts` (a picture's, its alt text). */
export function plainText(parts: Inline[]): string {
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
        case 'code':
          return p.text;
        case 'image':
          return p.alt;
        default:
          return plainText(p.children);
      }
    })
    .join('');
}

/**
 * A heading's id as GitHub makes it, so a table of contents written for the
 * file on GitHub (`[Printing](#printing)`) works here too: lower case, spaces
 * to hyphens, punctuation left out; a repeated one gets -1, -2….
 */
function slugOf(text: string, taken: Map<string, number>): string {
  const base = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
  const seen = taken.get(base);
  taken.set(base, (seen ?? -1) + 1);
  return seen === undefined ? base : `${base}-${seen + 1}`;
}

/** A table row's cells: split at `|` outside code, `\|` a `|` in the text. */
function cells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const out: string[] = [];
  let cell = '';
  let code = false;
  for (let k = 0; k < row.length; k += 1) {
    const c = row[k];
    if (c === '\\' && row[k + 1] === '|') {
      cell += '|';
      k += 1;
      continue;
    }
    if (c === '`') code = !code;
    if (c === '|' && !code) {
      out.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell.trim());
  return out;
}

const isTableStart = (line: string, next: string | undefined) =>
  line.includes('|') && next !== undefined && next.includes('|') && TABLE_RULE.test(next);

/** The text's blocks, in order. A list's items may be apart by blank lines and stay one list. */
export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), new Map());
}

function parseBlocks(lines: string[], slugs: Map<string, number>): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  /** The list under way: in a box, as the closures below end it. */
  const open: { list: { ordered: boolean; start: number; items: string[][] } | null } = { list: null };
  let afterBlank = false;

  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const endList = () => {
    if (open.list) {
      const { ordered, start, items } = open.list;
      blocks.push({ kind: 'list', ordered, start, items: items.map((item) => parseInline(item.join(' '))) });
    }
    open.list = null;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trimEnd();
    if (line.trim() === '') {
      endParagraph();
      afterBlank = true;
      continue;
    }
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (fence || heading || RULE.test(line) || QUOTE.test(line) || isTableStart(line, lines[i + 1])) {
      endParagraph();
      endList();
      afterBlank = false;
      if (fence) {
        const code: string[] = [];
        for (i += 1; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```'); i += 1) code.push(lines[i] ?? '');
        blocks.push({ kind: 'code', text: code.join('\n') });
      } else if (heading) {
        const inlines = parseInline(heading[2] ?? '');
        blocks.push({ kind: 'heading', level: (heading[1] ?? '#').length, slug: slugOf(plainText(inlines), slugs), inlines });
      } else if (RULE.test(line)) {
        blocks.push({ kind: 'rule' });
      } else if (QUOTE.test(line)) {
        const quoted: string[] = [];
        for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i += 1) quoted.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
        i -= 1;
        blocks.push({ kind: 'quote', blocks: parseBlocks(quoted, slugs) });
      } else {
        const head = cells(line);
        const rows: Inline[][][] = [];
        for (i += 2; i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim() !== ''; i += 1) {
          const row = cells(lines[i] ?? '');
          rows.push(head.map((_, k) => parseInline(row[k] ?? '')));
        }
        i -= 1;
        blocks.push({ kind: 'table', head: head.map((h) => parseInline(h)), rows });
      }
      continue;
    }

    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      endParagraph();
      const numbered = ordered !== null;
      if (open.list && open.list.ordered !== numbered) endList();
      open.list ??= { ordered: numbered, start: ordered ? Number(ordered[1]) : 1, items: [] };
      open.list.items.push([(bullet ? bullet[1] : ordered?.[2]) ?? '']);
    } else if (open.list && (!afterBlank || /^\s/.test(line))) {
      // The item goes on: an indented line, or the next line straight after it.
      open.list.items.at(-1)?.push(line.trim());
    } else {
      endList();
      paragraph.push(line.trim());
    }
    afterBlank = false;
  }
  endParagraph();
  endList();
  return blocks;
}
