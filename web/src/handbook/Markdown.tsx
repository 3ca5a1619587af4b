import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-aria-components';
import type { Block, Inline } from './markdown.ts';

/** Where a link of the handbook goes in the app: other handbook pages become /handbok/<name>, images /api/handbook/bilder. */
export function handbookLink(href: string, doc: string): { kind: 'app' | 'anchor' | 'external'; href: string } | null {
  if (/^https?:\/\//.test(href)) return { kind: 'external', href };
  if (href.startsWith('#')) return { kind: 'anchor', href };
  const m = /^([a-z0-9-]+)\.md(#.*)?$/.exec(href);
  if (m) return m[1] === doc && m[2] ? { kind: 'anchor', href: m[2] } : { kind: 'app', href: `/handbok/${m[1]}${m[2] ?? ''}` };
  return null; // a file outside the handbook: shown as text
}

export const handbookImage = (src: string) => {
  const m = /^bilder\/([a-z0-9-]+\.png)$/.exec(src);
  return m ? `/api/handbook/bilder/${m[1]}` : null;
};

function InlineContent({ inline, doc }: { inline: Inline[]; doc: string }) {
  return (
    <>
      {inline.map((i, n) => {
        switch (i.kind) {
          case 'text':
            return <Fragment key={n}>{i.text}</Fragment>;
          case 'code':
            return <code key={n}>{i.text}</code>;
          case 'strong':
            return (
              <strong key={n}>
                <InlineContent inline={i.children} doc={doc} />
              </strong>
            );
          case 'em':
            return (
              <em key={n}>
                <InlineContent inline={i.children} doc={doc} />
              </em>
            );
          case 'link': {
            const to = handbookLink(i.href, doc);
            const text = <InlineContent inline={i.children} doc={doc} />;
            if (!to) return <Fragment key={n}>{text}</Fragment>;
            // An anchor on the same page is a plain link: the browser scrolls to it itself.
            if (to.kind === 'anchor')
              return (
                <a key={n} className="link" href={to.href}>
                  {text}
                </a>
              );
            return (
              <Link key={n} className="link" href={to.href}>
                {text}
              </Link>
            );
          }
        }
      })}
    </>
  );
}

/**
 * A handbook page as React elements (no HTML is made from its text). The first heading is the page's h1;
 * headings can be focused, so that a "Hjälp" link's jump also moves the keyboard and screen reader there.
 */
export function Markdown({ blocks, doc, imageMissing }: { blocks: Block[]; doc: string; imageMissing: (name: string) => string }) {
  const out: ReactNode[] = blocks.map((b, n) => {
    switch (b.kind) {
      case 'heading': {
        const H = `h${b.level}` as const;
        return (
          <H key={n} id={b.id} tabIndex={-1} className={b.level === 1 ? 'page-title' : undefined}>
            <InlineContent inline={b.children} doc={doc} />
          </H>
        );
      }
      case 'paragraph':
        return (
          <p key={n}>
            <InlineContent inline={b.children} doc={doc} />
          </p>
        );
      case 'list': {
        const L = b.ordered ? 'ol' : 'ul';
        return (
          <L key={n} start={b.ordered && b.start !== 1 ? b.start : undefined}>
            {b.items.map((item, k) => (
              <li key={k}>
                <InlineContent inline={item} doc={doc} />
              </li>
            ))}
          </L>
        );
      }
      case 'image': {
        const src = handbookImage(b.src);
        return src ? <img key={n} className="handbook-image" src={src} alt={b.alt} loading="lazy" /> : <p key={n}>{imageMissing(b.src)}</p>;
      }
    }
  });
  return <>{out}</>;
}
