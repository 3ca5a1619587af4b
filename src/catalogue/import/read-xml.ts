import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { readChunks } from './read-chunks.ts';
import { fastSortKey } from './sort-key-fast.ts';
import { isoEditions } from '../schema.ts';
import { FieldError, LOCAL_NUMBER, LOCAL_RANGE_TEXT, startsLikeLocal } from './checks.ts';
import { FatalFileError, type ImportIssue } from './issues.ts';
import {
  agreementFields,
  articleFields,
  articleHash,
  convert,
  fitFields,
  FORMAT_NAMESPACE,
  isoCodeFields,
  mediaFields,
  priceFields,
  productFields,
  stageTables,
  supplierFields,
  type Field,
  type StageTable,
} from './mapping.ts';

/** Where a reader puts what it reads: staged rows and issues. */
export interface ReaderSink {
  add(table: StageTable, values: (string | null)[]): void;
  issue(issue: ImportIssue): void;
  /** Called between chunks: lets the staging writer flush (and so apply back-pressure). */
  maybeFlush(): Promise<void>;
  /** The bytes of the file read so far (for progress), after each chunk. */
  read?(bytes: number): void;
}

export interface FileHeader {
  edition: string;
  source: 'national' | 'supplier';
  /** full: the file is the whole catalogue of its source (absent articles are removed); delta: only changes. */
  scope: 'full' | 'delta';
  exported: string | null;
}

type Values = Record<string, string | null | undefined>;

/** The order of a staged row: line, the table's fields, then its extra columns. */
export function rowOf(table: StageTable, line: number, v: Values): (string | null)[] {
  const spec = stageTables[table];
  const out: (string | null)[] = [String(line)];
  for (const f of spec.fields) out.push(v[f.col] ?? null);
  for (const e of spec.extra) out.push(v[e.col] ?? null);
  return out;
}

const CHILDREN: Record<string, ReadonlySet<string>> = {
  catalogue: new Set(['isoCode', 'supplier', 'agreement', 'product']),
  product: new Set(['name', 'description', 'article']),
  article: new Set(['name', 'description', 'price', 'fits', 'media']),
  name: new Set(),
  description: new Set(),
  isoCode: new Set(),
  supplier: new Set(),
  agreement: new Set(),
  price: new Set(),
  fits: new Set(),
  media: new Set(),
};

const ROOT_ATTRS = new Set(['xmlns', 'edition', 'exported', 'source', 'scope']);

const knownAttributes = new WeakMap<Field[], Set<string>>();
function attributesOf(fields: Field[]): Set<string> {
  let set = knownAttributes.get(fields);
  if (!set) knownAttributes.set(fields, (set = new Set(fields.filter((f) => !f.child).map((f) => f.xml))));
  return set;
}

interface Open {
  line: number;
  values: Values;
  texts: Record<string, string>;
}

interface OpenArticle extends Open {
  prices: { line: number; v: Values }[];
  fits: { line: number; main: string }[];
  media: { line: number; v: Values }[];
  bad: boolean;
}

/**
 * Streams a Bistå catalogue XML file: bytes → strict UTF-8 decoding → saxes → one staged row per record.
 * Never holds more than one product in memory. Row-level problems become issues; a file that cannot be
 * read on (malformed XML, invalid UTF-8, wrong root) throws FatalFileError.
 */
export async function readCatalogueXml(filePath: string, sink: ReaderSink): Promise<FileHeader> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let header: FileHeader | null = null;
  const stack: string[] = [];
  let skipDepth = 0; // > 0 while inside an element we do not read (extensions, or an element in the wrong place)
  let product: (Open & { number: string | null }) | null = null;
  let article: OpenArticle | null = null;
  let textTarget: { open: Open; field: string } | null = null;
  let text = '';
  let fatal: FatalFileError | null = null;

  const issue = (line: number, field: string | undefined, message: string) => sink.issue({ line, field, message });

  /** Converts the attributes of an element by its fields; unknown attributes are reported. */
  const readAttrs = (tag: SaxesTagPlain, fields: Field[], line: number): { values: Values; bad: boolean } => {
    const values: Values = {};
    let bad = false;
    const known = attributesOf(fields);
    for (const f of fields) {
      if (f.child) continue;
      try {
        values[f.col] = convert(f, tag.attributes[f.xml]);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        bad = true;
        values[f.col] = null;
        issue(line, f.xml, e.message);
      }
    }
    for (const a of Object.keys(tag.attributes)) {
      if (!known.has(a) && !a.includes(':') && a !== 'xmlns') issue(line, a, `okänt attribut på <${tag.name}>`);
    }
    return { values, bad };
  };

  const readChildren = (open: Open, fields: Field[], closingLine: number, element: string): boolean => {
    let bad = false;
    for (const f of fields) {
      if (!f.child) continue;
      try {
        open.values[f.col] = convert(f, open.texts[f.xml]);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        bad = true;
        open.values[f.col] = null;
        issue(
          open.texts[f.xml] === undefined ? closingLine : open.line,
          f.xml,
          e.message + (open.texts[f.xml] === undefined ? ` (<${f.xml}> saknas i <${element}>)` : ''),
        );
      }
    }
    return bad;
  };

  const finishArticle = (a: OpenArticle, closingLine: number) => {
    if (readChildren(a, articleFields, closingLine, 'article')) a.bad = true;
    const v = a.values;
    v.product_number = product?.number ?? null;
    v.iso_code ??= product?.values.iso_code ?? null;
    v.supplier_gln ??= product?.values.supplier_gln ?? null;
    const number = v.article_number;
    if (number) {
      if (header!.source === 'national' && startsLikeLocal(number)) {
        issue(a.line, 'number', `artikelnummer som börjar med L är reserverade för lokala artiklar som inte finns i den nationella databasen`);
      } else if (header!.source === 'supplier' && !LOCAL_NUMBER.test(number)) {
        issue(a.line, 'number', `en leverantörsfil får bara ha artikelnummer i det lokala nummerområdet (${LOCAL_RANGE_TEXT})`);
      }
    }
    if (v.article_type === 'H' && !v.iso_code) issue(a.line, 'iso', 'ett huvudhjälpmedel (typ H) ska ha en ISO 9999-kod (på artikeln eller produkten)');
    v.sort_key = fastSortKey(v.name);
    v.import_hash = articleHash(
      v,
      a.prices.map((p) => p.v),
      a.fits.map((f) => f.main),
      a.media.map((m) => m.v),
      header!.edition,
    );
    sink.add('article', rowOf('article', a.line, v));
    for (const p of a.prices) sink.add('price', rowOf('price', p.line, { ...p.v, article_number: number }));
    for (const f of a.fits) {
      if (f.main === number) issue(f.line, 'main', 'en artikel kan inte passa till sig själv');
      sink.add('fit', rowOf('fit', f.line, { main_number: f.main, part_number: number }));
    }
    a.media.forEach((m, i) => sink.add('media', rowOf('media', m.line, { ...m.v, article_number: number, position: String(i) })));
  };

  const onRoot = (tag: SaxesTagPlain, line: number) => {
    const at = tag.attributes;
    if (tag.name !== 'catalogue' || at.xmlns !== FORMAT_NAMESPACE) {
      throw new FatalFileError({
        line,
        message: `filen är ingen Bistå-katalogfil: rotelementet ska vara <catalogue xmlns="${FORMAT_NAMESPACE}">, inte <${tag.name}${at.xmlns ? ` xmlns="${at.xmlns}"` : ''}>`,
      });
    }
    const edition = at.edition;
    if (!edition || !(isoEditions as readonly string[]).includes(edition)) {
      throw new FatalFileError({
        line,
        field: 'edition',
        message: `ISO 9999-utgåvan ska anges som ${isoEditions.join(', ')}${edition ? `, inte "${edition}"` : ''}`,
      });
    }
    const source = at.source ?? 'national';
    if (source !== 'national' && source !== 'supplier')
      throw new FatalFileError({ line, field: 'source', message: `källan ska vara national eller supplier, inte "${source}"` });
    const scope = at.scope ?? (source === 'national' ? 'full' : 'delta');
    if (scope !== 'full' && scope !== 'delta')
      throw new FatalFileError({ line, field: 'scope', message: `omfattningen ska vara full eller delta, inte "${scope}"` });
    if (source === 'supplier' && scope === 'full') throw new FatalFileError({ line, field: 'scope', message: 'en leverantörsfil kan bara vara scope="delta"' });
    for (const a of Object.keys(at)) if (!ROOT_ATTRS.has(a) && !a.includes(':')) issue(line, a, 'okänt attribut på <catalogue>');
    header = { edition, source, scope, exported: at.exported ?? null };
  };

  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      throw new FatalFileError({ line: parser.line, field: 'encoding', message: `filen anger teckenkodningen ${decl.encoding}; Bistå läser bara UTF-8` });
    }
  });

  // The line of an element is where its start tag begins (a tag may span several lines); a problem with an
  // attribute is reported on that line too. (Tracking each attribute's own line costs saxes 60 % more time.)
  let tagLine = 1;
  parser.on('opentagstart', () => {
    tagLine = parser.line;
  });

  parser.on('opentag', (tag) => {
    const line = tagLine;
    const name = tag.name;
    if (skipDepth > 0) {
      skipDepth++;
      return;
    }
    if (stack.length === 0) {
      onRoot(tag, line);
      stack.push(name);
      return;
    }
    const parent = stack[stack.length - 1]!;
    if (name.includes(':')) {
      skipDepth = 1; // an extension in another namespace: ignored with its content
      return;
    }
    if (!CHILDREN[parent]?.has(name)) {
      issue(line, undefined, `elementet <${name}> är inte tillåtet i <${parent}>`);
      skipDepth = 1;
      return;
    }
    stack.push(name);
    switch (name) {
      case 'isoCode': {
        const { values } = readAttrs(tag, isoCodeFields, line);
        sink.add('iso', rowOf('iso', line, values));
        break;
      }
      case 'supplier': {
        const { values } = readAttrs(tag, supplierFields, line);
        values.sort_key = fastSortKey(values.name);
        sink.add('supplier', rowOf('supplier', line, values));
        break;
      }
      case 'agreement': {
        const { values } = readAttrs(tag, agreementFields, line);
        if (values.valid_from && values.valid_to && values.valid_to < values.valid_from) issue(line, 'validTo', 'slutdatumet ligger före startdatumet');
        sink.add('agreement', rowOf('agreement', line, values));
        break;
      }
      case 'product': {
        const { values } = readAttrs(tag, productFields, line);
        product = { line, values, texts: {}, number: values.product_number ?? null };
        break;
      }
      case 'article': {
        const { values, bad } = readAttrs(tag, articleFields, line);
        article = { line, values, texts: {}, prices: [], fits: [], media: [], bad };
        break;
      }
      case 'price': {
        const { values } = readAttrs(tag, priceFields, line);
        if (values.valid_from && values.valid_to && values.valid_to < values.valid_from) issue(line, 'validTo', 'slutdatumet ligger före startdatumet');
        if (values.kind === 'agreed' && !values.agreement_number && tag.attributes.agreement === undefined)
          issue(line, 'agreement', 'ett avtalspris ska ange sitt avtal');
        if (values.kind === 'general' && values.agreement_number) issue(line, 'agreement', 'ett pris i allmänna prislistan hör inte till något avtal');
        article!.prices.push({ line, v: values });
        break;
      }
      case 'fits': {
        const { values } = readAttrs(tag, fitFields, line);
        if (values.main_number) article!.fits.push({ line, main: values.main_number });
        break;
      }
      case 'media': {
        const { values } = readAttrs(tag, mediaFields, line);
        article!.media.push({ line, v: values });
        break;
      }
      case 'name':
      case 'description': {
        for (const a of Object.keys(tag.attributes)) if (!a.includes(':')) issue(line, a, `okänt attribut på <${name}>`);
        const open = parent === 'article' ? article : product;
        if (open) {
          if (open.texts[name] !== undefined) issue(line, name, `<${name}> förekommer två gånger`);
          textTarget = { open, field: name };
          text = '';
        }
        break;
      }
    }
  });

  const onText = (t: string) => {
    if (textTarget && skipDepth === 0) text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', (tag) => {
    if (skipDepth > 0) {
      skipDepth--;
      return;
    }
    const line = parser.line;
    stack.pop();
    switch (tag.name) {
      case 'name':
      case 'description':
        if (textTarget) textTarget.open.texts[textTarget.field] = text;
        textTarget = null;
        text = '';
        break;
      case 'article':
        if (article) finishArticle(article, line);
        article = null;
        break;
      case 'product':
        if (product) {
          readChildren(product, productFields, line, 'product');
          sink.add('product', rowOf('product', product.line, product.values));
        }
        product = null;
        break;
    }
  });

  parser.on('error', (err) => {
    throw new FatalFileError({ line: parser.line, message: xmlErrorInSwedish(err.message) });
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunks = readChunks(filePath);
  let first = true;
  let bytesRead = 0;
  try {
    for await (const chunk of chunks) {
      bytesRead += chunk.length;
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          throw new FatalFileError({ line: 1, message: 'filen är kodad i UTF-16; Bistå läser bara UTF-8' });
        }
      }
      let decoded: string;
      try {
        decoded = decoder.decode(chunk, { stream: true });
      } catch {
        const at = firstInvalidUtf8(chunk);
        const before = chunk.subarray(0, at);
        let nl = 0;
        for (let i = before.indexOf(10); i !== -1; i = before.indexOf(10, i + 1)) nl++;
        throw new FatalFileError({
          line: parser.line + nl,
          message: 'filen innehåller byte som inte är giltig UTF-8; spara filen som UTF-8 (den verkar ha en annan teckenkodning, t.ex. Windows-1252)',
        });
      }
      parser.write(decoded);
      sink.read?.(bytesRead);
      await sink.maybeFlush();
    }
    try {
      decoder.decode();
    } catch {
      throw new FatalFileError({ line: parser.line, message: 'filen slutar mitt i ett UTF-8-tecken (är filen avkapad?)' });
    }
    parser.close();
  } catch (e) {
    if (e instanceof FatalFileError) fatal = e;
    else throw e;
  } finally {
    await chunks.return(undefined);
  }
  if (fatal) throw fatal;
  if (!header) throw new FatalFileError({ line: null, message: 'filen är tom' });
  return header;
}

/** saxes says what is wrong in English; the most common cases in Swedish, the rest with the detail. */
export function xmlErrorInSwedish(message: string): string {
  const detail = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
  let m: RegExpExecArray | null;
  if ((m = /^unclosed tag: (.*)$/.exec(detail))) return `filen tar slut innan elementet <${m[1]}> är avslutat (är filen avkapad?)`;
  if (/^unexpected end/.test(detail) || /^unclosed/.test(detail)) return 'filen tar slut mitt i (är filen avkapad?)';
  if (/^unexpected close tag/.test(detail)) return 'en sluttagg passar inte ihop med starttaggen (XML-filen är felaktig)';
  if (/document must contain a root element/.test(detail)) return 'filen saknar innehåll (inget rotelement)';
  if (/text data outside of root node/.test(detail)) return 'det finns text efter rotelementet (XML-filen är felaktig)';
  if (/^disallowed character/.test(detail)) return `XML-filen innehåller ett otillåtet tecken (${detail})`;
  return `XML-filen är felaktig: ${detail}`;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (for locating the line of the error). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  // Skip continuation bytes at the start: they end a character begun in the previous chunk.
  while (i < b.length && i < 3 && (b[i]! & 0xc0) === 0x80) i++;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    if (i + n >= b.length) return i; // a character cut at the end of the chunk
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
