// The handbook's Markdown (docs/handbok, issue 19 item 4): a small parser of exactly the subset the handbook uses,
// so that no HTML is ever produced from text (the page renders the result as React elements) and no dependency is
// needed. The subset: ATX headings (# … ####), paragraphs, "- " and "1. " lists (one level), images on a line of
// their own, and inline **bold**, *italic*, `code` and [links](target). Anything else is shown as text.
// test/handbook.test.ts reads the handbook through this parser too, so what it checks is what the page shows.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; id: string; text: string; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { kind: 'image'; alt: string; src: string };

/**
 * A heading's anchor, as GitHub makes them (so a link works both on GitHub and in the app): lower case, every
 * character that is not a letter, digit, space, '-' or '_' dropped, spaces become '-'. A repeated heading gets
 * -1, -2, … (see parseMarkdown).
 */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

const INLINE = /(`[^`]+`)|(\*\*(.+?)\*\*)|(\*([^*\s][^*]*?)\*)|(\[([^\]]+)\]\(([^)\s]+)\))/u;

export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let rest = source;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (m.index > 0) out.push({ kind: 'text', text: rest.slice(0, m.index) });
    if (m[1]) out.push({ kind: 'code', text: m[1].slice(1, -1) });
    else if (m[2]) out.push({ kind: 'strong', children: parseInline(m[3]!) });
    else if (m[4]) out.push({ kind: 'em', children: parseInline(m[5]!) });
    else out.push({ kind: 'link', href: m[8]!, children: parseInline(m[7]!) });
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** The inline content as plain text (a heading's text, for its anchor and the "Hjälp" link's name). */
export function plainText(inline: Inline[]): string {
  return inline.map((i) => (i.kind === 'text' || i.kind === 'code' ? i.text : plainText(i.children))).join('');
}

const HEADING = /^(#{1,4})\s+(.+?)\s*#*\s*$/;
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)$/;
const BULLET = /^[-*]\s+(.*)$/;
const NUMBERED = /^(\d+)[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const seen = new Map<string, number>();
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | null = null;

  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, start: list.start, items: list.items.map(parseInline) });
    list = null;
  };

  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('<!--')) {
      flush();
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      flush();
      const children = parseInline(h[2]!);
      const text = plainText(children);
      const base = slug(text);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      blocks.push({ kind: 'heading', level: h[1]!.length as 1 | 2 | 3 | 4, id: n ? `${base}-${n}` : base, text, children });
      continue;
    }
    const img = IMAGE.exec(line);
    if (img) {
      flush();
      blocks.push({ kind: 'image', alt: img[1]!, src: img[2]! });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !!numbered;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      // A numbered list interrupted by an image (a step's picture) goes on from its number.
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(bullet ? bullet[1]! : numbered![2]!);
      continue;
    }
    // A line indented under a list item continues it; any other line a paragraph.
    if (list && raw.startsWith('  ')) {
      list.items[list.items.length - 1] += ` ${line}`;
      continue;
    }
    if (list) flush();
    paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Every anchor of a page (its headings' ids). */
export const anchorsOf = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'heading' ? [b.id] : []));

/** Every image a page shows and every link it has, as written in the Markdown. */
export function referencesOf(blocks: Block[]): { images: string[]; links: string[] } {
  const images: string[] = [];
  const links: string[] = [];
  const walk = (inline: Inline[]) => {
    for (const i of inline) {
      if (i.kind === 'link') {
        links.push(i.href);
        walk(i.children);
      } else if (i.kind === 'strong' || i.kind === 'em') walk(i.children);
    }
  };
  for (const b of blocks) {
    if (b.kind === 'image') images.push(b.src);
    else if (b.kind === 'heading' || b.kind === 'paragraph') walk(b.children);
    else if (b.kind === 'list') b.items.forEach(walk);
  }
  return { images, links };
}
