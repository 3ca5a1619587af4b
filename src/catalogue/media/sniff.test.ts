import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { sniffMedia, unsafeSvgReason } from './sniff.ts';

const svg = (body: string, attrs = '') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"${attrs}>${body}</svg>`,
  );

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('was not refused');
};

describe('content sniffing decides from the bytes', () => {
  it('recognises PNG, JPEG, WebP and GIF by their magic bytes', async () => {
    const img = sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } });
    expect(sniffMedia(await img.clone().png().toBuffer(), 'image')).toMatchObject({ contentType: 'image/png' });
    expect(sniffMedia(await img.clone().jpeg().toBuffer(), 'image')).toMatchObject({ contentType: 'image/jpeg' });
    expect(sniffMedia(await img.clone().webp().toBuffer(), 'image')).toMatchObject({ contentType: 'image/webp' });
    expect(sniffMedia(await img.clone().gif().toBuffer(), 'image')).toMatchObject({ contentType: 'image/gif' });
  });

  it('an image that is really HTML is refused as HTML, with a Swedish message', () => {
    for (const html of [
      '<!DOCTYPE html><html><body>x</body></html>',
      '\n\n  <html><script>alert(1)</script>',
      '<script>alert(1)</script>',
      '\uFEFF<body onload=x>',
    ]) {
      const err = refusal(() => sniffMedia(Buffer.from(html), 'image'));
      expect(err.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(err.message).toMatch(/^Filen är inte en bild: innehållet är HTML/);
    }
  });

  it('a document must be a PDF; HTML, an image or text pretending to be one is refused', () => {
    expect(sniffMedia(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'userManual')).toEqual({ family: 'pdf', contentType: 'application/pdf' });
    expect(refusal(() => sniffMedia(Buffer.from('<html><body>PDF</body></html>'), 'userManual')).message).toMatch(/^Filen är inte en PDF: innehållet är HTML/);
    expect(refusal(() => sniffMedia(Buffer.from(' %PDF-1.7 junk first'), 'serviceManual')).message).toMatch(/inte en PDF/);
    expect(refusal(() => sniffMedia(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'prescriberInfo')).message).toMatch(
      /är en bild, inte en PDF/,
    );
    expect(refusal(() => sniffMedia(Buffer.from('%PDF-1.4'), 'image')).message).toMatch(/är en PDF, inte en bild/);
  });

  it('an empty file and plain text are refused', () => {
    expect(refusal(() => sniffMedia(Buffer.alloc(0), 'image')).message).toBe('Filen är tom');
    expect(refusal(() => sniffMedia(Buffer.from('bara text'), 'image')).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('SVG is accepted only without script or external references', () => {
  it('a clean SVG (shapes, a gradient referenced by #id, inline style, an inlined PNG) is accepted', () => {
    const clean = svg(
      `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>` +
        `<style>rect { fill: url(#g); }</style>` +
        `<rect width="10" height="10" style="stroke: url('#g')"/><use xlink:href="#g"/>` +
        `<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/><title>Rullstol</title>`,
    );
    expect(unsafeSvgReason(clean)).toBeNull();
    expect(sniffMedia(clean, 'image')).toEqual({ family: 'svg', contentType: 'image/svg+xml' });
  });

  const unsafe: [string, Buffer, RegExp][] = [
    ['<script>', svg('<script>alert(1)</script>'), /skript/],
    ['<script> in CDATA-free namespaced form', svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'), /skript/],
    ['an onload attribute', svg('', ' onload="alert(1)"'), /händelseattributet onload/],
    ['an onclick attribute in odd case', svg('<rect OnClick="alert(1)"/>'), /händelseattributet OnClick/],
    ['a javascript: link', svg('<a href="javascript:alert(1)"><rect/></a>'), /javascript/],
    ['a javascript: link hidden by entities', svg('<a href="&#106;avascript:alert(1)"><rect/></a>'), /skript/],
    ['a javascript: link broken by a tab', svg('<a href="java&#9;script:alert(1)"><rect/></a>'), /skript/],
    ['<foreignObject>', svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'), /foreignObject/],
    ['an external xlink:href', svg('<image xlink:href="https://evil.example/t.png"/>'), /extern resurs/],
    ['an external href on <use>', svg('<use href="https://evil.example/s.svg#x"/>'), /extern resurs/],
    ['a data: URL that is SVG, not a raster image', svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), /extern resurs/],
    ['<!ENTITY>', Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'), /ENTITY/],
    [
      'a DOCTYPE',
      Buffer.from(
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
      ),
      /DOCTYPE/,
    ],
    ['an external stylesheet by @import', svg('<style>@import url(https://evil.example/a.css);</style>'), /@import/],
    ['an external url() in a presentation attribute', svg('<rect fill="url(https://evil.example/track)"/>'), /url/],
    [
      'an xml-stylesheet instruction',
      Buffer.from('<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
      /bearbetningsinstruktion/,
    ],
    ['an HTML element in the XHTML namespace', svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example"/>'), /HTML-elementet|iframe/],
    ['an animation that rewrites a link', svg('<a href="#x"><set attributeName="href" to="https://evil.example"/></a>'), /animering/],
    ['a root element without the SVG namespace', Buffer.from('<svg><rect/></svg>'), /rotelementet/],
    ['malformed XML', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>'), /giltig XML/],
    ['an undeclared entity', svg('&nbsp;'), /giltig XML/],
    ['bytes that are not UTF-8', Buffer.concat([svg('<title>'), Buffer.from([0xff, 0xfe]), Buffer.from('</title>')]), /UTF-8/],
  ];
  it.each(unsafe)('an SVG with %s is refused (415)', (_what, data, reason) => {
    const err = refusal(() => sniffMedia(data, 'image'));
    expect(err.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(err.message).toMatch(/^SVG-bilden tas inte emot: /);
    expect(err.message).toMatch(reason);
  });
});
