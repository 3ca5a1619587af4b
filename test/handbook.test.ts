import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, parseMarkdown, referencesOf, slug } from '../web/src/handbook/markdown.ts';
import { HELP, helpFor, helpHref } from '../web/src/help.ts';

/**
 * The user handbook (docs/handbok, issue 19 item 4) holds together: every image a page shows exists (the browser
 * tests take them: e2e/handbook.spec.ts), every PNG there is shown somewhere, every link to another page or
 * section lands, and every page of the web app has a "Hjälp" entry (web/src/help.ts) whose file and section exist.
 * Anchors are computed by the same parser the app's handbook page renders with.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = path.join(ROOT, 'docs', 'handbok');
const IMAGES = path.join(DIR, 'bilder');

/** Every handbook page there is (README.md is for developers and is not served). */
const docs = new Map(
  fs
    .readdirSync(DIR)
    .filter((f) => /^[a-z0-9-]+\.md$/.test(f))
    .map((f) => [f.slice(0, -3), parseMarkdown(fs.readFileSync(path.join(DIR, f), 'utf8'))] as const),
);

/** The route patterns of the web app, read from ROUTES in web/src/app.tsx. */
function appRoutes(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'web', 'src', 'app.tsx'), 'utf8');
  const block = source.slice(source.indexOf('const ROUTES'), source.indexOf('];', source.indexOf('const ROUTES')));
  return [...block.matchAll(/\{ path: '([^']+)'/g)].map((m) => m[1]!);
}

describe('the handbook', () => {
  it('has the index and a page per role', () => {
    for (const name of ['index', 'forskrivare', 'bestallare', 'lokalt-anvandarstod', 'kundtjanst', 'lager', 'tekniker', 'ekonomi', 'systemforvaltning']) {
      expect(docs.has(name), `docs/handbok/${name}.md`).toBe(true);
    }
  });

  it('gives each page exactly one h1, first', () => {
    for (const [name, blocks] of docs) {
      const h1 = blocks.filter((b) => b.kind === 'heading' && b.level === 1);
      expect(h1.length, `${name}.md has one '# ' heading`).toBe(1);
      expect(blocks[0], `${name}.md starts with its '# ' heading`).toBe(h1[0]);
    }
  });

  it('shows only images that exist, and every image in bilder/ is shown', () => {
    const shown = new Set<string>();
    for (const [name, blocks] of docs) {
      for (const src of referencesOf(blocks).images) {
        expect(src, `${name}.md: images are bilder/<name>.png`).toMatch(/^bilder\/[a-z0-9-]+\.png$/);
        expect(fs.existsSync(path.join(DIR, src)), `${name}.md shows ${src}, which e2e/handbook.spec.ts should take`).toBe(true);
        shown.add(path.basename(src));
      }
    }
    const files = fs.existsSync(IMAGES) ? fs.readdirSync(IMAGES).filter((f) => f.endsWith('.png')) : [];
    expect(
      files.filter((f) => !shown.has(f)),
      'images in docs/handbok/bilder that no page shows',
    ).toEqual([]);
  });

  it("has links that land: another page's file and section, or a section of the same page", () => {
    for (const [name, blocks] of docs) {
      for (const href of referencesOf(blocks).links) {
        if (/^https?:\/\//.test(href)) continue;
        const m = /^(?:([a-z0-9-]+)\.md)?(?:#(.+))?$/.exec(href);
        expect(m, `${name}.md links to ${href}: only <page>.md, <page>.md#<section> or #<section>`).not.toBeNull();
        const target = m![1] ?? name;
        expect(docs.has(target), `${name}.md links to ${target}.md`).toBe(true);
        if (m![2]) expect(anchorsOf(docs.get(target)!), `${name}.md links to ${href}`).toContain(m![2]);
      }
    }
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('Patientsidan')).toBe('patientsidan');
    expect(slug('Ordern på hjälpmedelscentralen')).toBe('ordern-på-hjälpmedelscentralen');
    expect(slug('Vårdgivare, kunder och leveransområden')).toBe('vårdgivare-kunder-och-leveransområden');
    expect(slug('IT-kostnad')).toBe('it-kostnad');
    expect(anchorsOf(parseMarkdown('# A\n\n## Steg\n\n## Steg\n'))).toEqual(['a', 'steg', 'steg-1']);
  });

  it('parses the Markdown the handbook uses, a numbered step after a picture going on from its number', () => {
    const blocks = parseMarkdown(
      '1. Tryck **Sök** och [läs](forskrivare.md#patientsidan).\n\n   ![Bild](bilder/x.png)\n\n2. Sedan *klart* med `kod`.\n- punkt\n',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['list', 'image', 'list', 'list']);
    expect(blocks[0]).toMatchObject({ ordered: true, start: 1 });
    expect(blocks[2]).toMatchObject({ ordered: true, start: 2 });
    expect(blocks[3]).toMatchObject({ ordered: false });
    expect(referencesOf(blocks)).toEqual({ images: ['bilder/x.png'], links: ['forskrivare.md#patientsidan'] });
    expect(blocks[0]).toMatchObject({
      items: [
        [
          { kind: 'text', text: 'Tryck ' },
          { kind: 'strong', children: [{ kind: 'text', text: 'Sök' }] },
          { kind: 'text', text: ' och ' },
          { kind: 'link', href: 'forskrivare.md#patientsidan', children: [{ kind: 'text', text: 'läs' }] },
          { kind: 'text', text: '.' },
        ],
      ],
    });
  });
});

describe('the "Hjälp" links (web/src/help.ts)', () => {
  it('has an entry for every route of the web app', () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(50);
    expect(
      routes.filter((r) => !(r in HELP)),
      'routes in web/src/app.tsx without a line in web/src/help.ts',
    ).toEqual([]);
    // The login page is not in ROUTES (it is shown before the session is known) but has its Hjälp link too.
    expect(
      Object.keys(HELP).filter((r) => !routes.includes(r) && r !== '/logga-in'),
      'lines in web/src/help.ts for no route',
    ).toEqual([]);
    expect(HELP['/logga-in']).toBeDefined();
  });

  it('points every entry at a page and section that exist', () => {
    for (const [route, target] of Object.entries(HELP)) {
      const blocks = docs.get(target.doc);
      expect(blocks, `${route}: docs/handbok/${target.doc}.md`).toBeDefined();
      const headings = blocks!.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
      expect(headings, `${route}: a heading '${target.section}' in ${target.doc}.md`).toContain(target.section);
      expect(anchorsOf(blocks!)).toContain(helpHref(target).split('#')[1]);
    }
  });

  it('finds the entry of a path, the fixed route before the one with a parameter', () => {
    expect(helpFor('/patienter/0b6f0c5e')).toEqual({ doc: 'forskrivare', section: 'Patientsidan' });
    expect(helpFor('/admin/anvandare/ny')).toBe(HELP['/admin/anvandare/ny']);
    expect(helpFor('/hmc/inkop/bestallningspunkter')).toBe(HELP['/hmc/inkop/bestallningspunkter']);
    expect(helpFor('/finns/inte')).toBeNull();
    expect(helpHref(HELP['/patienter/:id']!)).toBe('/handbok/forskrivare#patientsidan');
  });
});
