import { SaxesParser } from 'saxes';
import { AppError } from '../../platform/errors.ts';
import { isImageKind } from './limits.ts';
import type { MediaKind } from './media-schemas.ts';

/**
 * What a file really is, decided from its bytes alone: the file name and the content type the client
 * sent are never trusted. Images are JPEG, PNG, WebP, GIF (by their magic bytes) or SVG without any
 * way to run script or fetch something; documents are PDF. Anything else is refused with
 * 415 UNSUPPORTED_MEDIA_TYPE and a Swedish message saying what the file was taken for.
 */
export type Sniffed =
  | { family: 'raster'; contentType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif'; format: 'jpeg' | 'png' | 'webp' | 'gif' }
  | { family: 'svg'; contentType: 'image/svg+xml' }
  | { family: 'pdf'; contentType: 'application/pdf' };

const IMAGE_FORMATS = 'JPEG, PNG, WebP, GIF eller SVG';

export function sniffMedia(data: Buffer, kind: MediaKind): Sniffed {
  if (data.length === 0) throw refuse('file_required', 'Filen är tom');
  if (isImageKind(kind)) {
    const raster = sniffRaster(data);
    if (raster) return raster;
    if (looksLikeHtml(data)) throw refuse('not_an_image', `Filen är inte en bild: innehållet är HTML. Tillåtna bildformat är ${IMAGE_FORMATS}.`);
    if (looksLikeSvg(data)) {
      const reason = unsafeSvgReason(data);
      if (reason) throw refuse('unsafe_svg', `SVG-bilden tas inte emot: ${reason}`);
      return { family: 'svg', contentType: 'image/svg+xml' };
    }
    if (isPdf(data)) throw refuse('not_an_image', `Filen är en PDF, inte en bild. Ladda upp den som dokument, eller en bild i formatet ${IMAGE_FORMATS}.`);
    throw refuse('not_an_image', `Filen är inte en bild i något av formaten ${IMAGE_FORMATS}`);
  }
  if (isPdf(data)) return { family: 'pdf', contentType: 'application/pdf' };
  if (looksLikeHtml(data)) throw refuse('not_a_pdf', 'Filen är inte en PDF: innehållet är HTML. Dokument ska vara PDF-filer.');
  if (sniffRaster(data) || looksLikeSvg(data))
    throw refuse('not_a_pdf', 'Filen är en bild, inte en PDF. Dokument ska vara PDF-filer; ladda upp bilder som bild.');
  throw refuse('not_a_pdf', 'Filen är inte en PDF. Dokument ska vara PDF-filer.');
}

function refuse(code: 'not_an_image' | 'not_a_pdf' | 'file_required' | 'unsafe_svg', message: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', message, { issues: [{ path: 'file', code, message }] });
}

const startsWith = (data: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => data[offset + i] === b);
const ascii = (data: Buffer, start: number, end: number) => data.subarray(start, end).toString('latin1');

export function sniffRaster(data: Buffer): Extract<Sniffed, { family: 'raster' }> | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return { family: 'raster', contentType: 'image/jpeg', format: 'jpeg' };
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { family: 'raster', contentType: 'image/png', format: 'png' };
  if (ascii(data, 0, 6) === 'GIF87a' || ascii(data, 0, 6) === 'GIF89a') return { family: 'raster', contentType: 'image/gif', format: 'gif' };
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return { family: 'raster', contentType: 'image/webp', format: 'webp' };
  return null;
}

/** '%PDF-1.7' and the like at the very start: a file with anything before it is not taken as a PDF. */
export const isPdf = (data: Buffer) => /^%PDF-\d\.\d/.test(ascii(data, 0, 8));

/** Leading whitespace and a byte-order mark, which a sniffer skips (WHATWG MIME Sniffing §7.1). */
function head(data: Buffer, n = 1024): string {
  let text = data.subarray(0, n).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.replace(/^[\t\n\f\r ]+/, '');
}

// The tags by which browsers recognise HTML (WHATWG MIME Sniffing, "identifying a resource with an
// unknown MIME type"), each followed by a space or '>'.
const HTML_START = /^<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?:[\t\n\f\r >]|$)/i;

export function looksLikeHtml(data: Buffer): boolean {
  const text = head(data);
  if (HTML_START.test(text)) return true;
  // HTML behind an XML declaration or comments is still HTML when it says so.
  return /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i.test(text);
}

/** An XML document whose first element is <svg> (after the declaration, instructions, comments, a DOCTYPE). */
export function looksLikeSvg(data: Buffer): boolean {
  const text = head(data, 4096);
  return /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<svg[\s>/]/i.test(text);
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
/** Elements that run script, embed a document or wait for events (SVG Tiny's handler/listener). */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'audio', 'video']);
const ANIMATIONS = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'animatecolor']);
/** A reference that stays inside the file: a fragment, or an image inlined as a data: URL. */
const SAFE_REFERENCE = /^(?:#|data:image\/(?:png|jpe?g|gif|webp);base64,)/i;

/** Strips what a browser ignores inside a URL (whitespace, control characters) before looking for a scheme. */
const squeeze = (value: string) => value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();

function urlTargets(css: string): string[] {
  const targets: string[] = [];
  for (const m of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) targets.push(m[2]!.trim());
  return targets;
}

/** Why a style sheet or style attribute could fetch or run something, or null. */
function unsafeCssReason(css: string): string | null {
  const s = squeeze(css);
  if (s.includes('@import')) return 'den hämtar en extern stilmall (@import)';
  if (s.includes('javascript:') || s.includes('expression(')) return 'den innehåller skript i en stilregel';
  if (/url\(/i.test(css) && urlTargets(css).some((t) => !SAFE_REFERENCE.test(t))) return 'den hänvisar till en extern resurs i en stilregel (url(...))';
  return null;
}

/**
 * Why this SVG could run script or reach outside itself, or null if it can do neither. Parsed as XML
 * (saxes, namespaces on), so an attribute written with entities or odd case is seen as the browser sees it.
 */
export function unsafeSvgReason(data: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return 'filen är inte giltig UTF-8';
  }
  // Cheap checks on the raw text first: whatever the parser would say, these are never acceptable.
  const raw = text.toLowerCase();
  if (raw.includes('<!entity')) return 'den deklarerar XML-entiteter (<!ENTITY)';
  if (raw.includes('<!doctype')) return 'den har en DOCTYPE-deklaration';
  if (/<(?:[\w.-]+:)?script[\s>/]/.test(raw)) return 'den innehåller skript (<script>)';
  if (/<(?:[\w.-]+:)?foreignobject[\s>/]/.test(raw)) return 'den innehåller <foreignObject>';
  if (squeeze(text).includes('javascript:')) return 'den innehåller en javascript:-länk';

  const parser = new SaxesParser({ xmlns: true, position: false });
  let reason: string | null = null;
  let depth = 0;
  let inStyle = 0;
  const stop = (why: string) => {
    reason = why;
    throw new Error('refused');
  };
  parser.on('doctype', () => stop('den har en DOCTYPE-deklaration'));
  parser.on('processinginstruction', (pi) => stop(`den innehåller en bearbetningsinstruktion (<?${pi.target}?>)`));
  parser.on('opentag', (tag) => {
    const local = tag.local.toLowerCase();
    if (depth === 0 && (local !== 'svg' || tag.uri !== SVG_NS)) stop('rotelementet är inte <svg> i SVG:s namnrymd');
    depth++;
    if (tag.uri === XHTML_NS) stop(`den innehåller HTML-elementet <${tag.local}>`);
    if (FORBIDDEN_ELEMENTS.has(local)) stop(local === 'script' ? 'den innehåller skript (<script>)' : `den innehåller elementet <${tag.local}>`);
    if (local === 'style') inStyle++;
    for (const attr of Object.values(tag.attributes)) {
      const name = attr.local.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) stop(`den innehåller händelseattributet ${attr.name}`);
      const v = squeeze(value);
      if (v.includes('javascript:') || v.includes('vbscript:') || v.includes('data:text/html')) stop(`attributet ${attr.name} innehåller skript`);
      if (name === 'href' && !SAFE_REFERENCE.test(value.trim())) stop(`den hänvisar till en extern resurs (${attr.name}="${value.trim().slice(0, 80)}")`);
      if (ANIMATIONS.has(local) && name === 'attributename' && /(^|:)href$/i.test(value.trim())) stop('den ändrar en länk med animering');
      if (name === 'style' || /url\(/i.test(value)) {
        const css = unsafeCssReason(value);
        if (css) stop(css);
      }
    }
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (tag.local.toLowerCase() === 'style') inStyle--;
  });
  const onStyleText = (t: string) => {
    if (inStyle > 0) {
      const css = unsafeCssReason(t);
      if (css) stop(css);
    }
  };
  parser.on('text', onStyleText);
  parser.on('cdata', onStyleText);
  parser.on('error', (err) => {
    if (reason) throw err;
    reason = `filen är inte giltig XML (${err.message.split('\n')[0]!.slice(0, 120)})`;
    throw err;
  });
  try {
    parser.write(text).close();
  } catch {
    return reason ?? 'filen är inte giltig XML';
  }
  return reason;
}
