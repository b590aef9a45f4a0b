// Release notes as CHANGELOG.md writes them, read into blocks for
// Markdown.svelte to draw as elements: paragraphs, `#` headings, `- ` lists
// (an item's next lines indented under it), **bold** and `code`. Nothing
// else is Markdown here, and no text is ever HTML: `<b>` stays those three
// characters.

/** A run of text inside a block. */
export type Inline = { kind: 'text' | 'code'; text: string } | { kind: 'strong'; children: Inline[] };

/** A paragraph, a heading, or a bullet list (each item its own run of text). */
export type Block = { kind: 'paragraph' | 'heading'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] };

const BULLET = /^ {0,3}- +(.*)$/;
const HEADING = /^ {0,3}#{1,6} +(.*?)(?: +#+)?$/;

/** Where the `**` closing the bold text from `from` is, passing over code; -1 if none. */
function closingStrong(text: string, from: number): number {
  for (let j = from; j < text.length; j += 1) {
    if (text[j] === '`') {
      const end = text.indexOf('`', j + 1);
      if (end > j + 1) {
        j = end;
        continue;
      }
    }
    if (text.startsWith('**', j)) return j;
  }
  return -1;
}

/** One line's (or a joined paragraph's) text: `code` first, then **bold** (not inside bold again). */
export function parseInline(text: string, strong = true): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const push = (part: Inline) => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
    out.push(part);
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        push({ kind: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    } else if (strong && text.startsWith('**', i)) {
      const end = closingStrong(text, i + 2);
      if (end > i + 2) {
        push({ kind: 'strong', children: parseInline(text.slice(i + 2, end), false) });
        i = end + 2;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

/** The notes' blocks, in order. A list's items may be apart by blank lines and stay one list. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let items: string[][] | null = null;
  let afterBlank = false;

  const endParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const endList = () => {
    if (items) blocks.push({ kind: 'list', items: items.map((lines) => parseInline(lines.join(' '))) });
    items = null;
  };

  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const bullet = BULLET.exec(line);
    const item = items?.at(-1);
    if (line.trim() === '') {
      endParagraph();
      afterBlank = true;
      continue;
    }
    if (bullet) {
      endParagraph();
      items ??= [];
      items.push([bullet[1] ?? '']);
    } else if (item && (!afterBlank || /^\s/.test(line))) {
      // The item goes on: an indented line, or the next line straight after it.
      item.push(line.trim());
    } else {
      endList();
      const heading = HEADING.exec(line);
      if (heading) {
        endParagraph();
        blocks.push({ kind: 'heading', inlines: parseInline(heading[1] ?? '') });
      } else {
        paragraph.push(line.trim());
      }
    }
    afterBlank = false;
  }
  endParagraph();
  endList();
  return blocks;
}
