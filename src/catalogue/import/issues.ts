/** One problem found in an import file: where (line in the XML, row in Excel), which field, and why. */
export interface ImportIssue {
  /** Line in the XML file, or row number in the Excel sheet; null for the file as a whole. */
  line: number | null;
  /** Excel sheet, when the file is a workbook. */
  sheet?: string | undefined;
  /** XML attribute or element, or Excel column header. */
  field?: string | undefined;
  message: string;
}

export interface RenderedIssue extends ImportIssue {
  /** The whole message as shown to a person: "Rad 1042, fält 'amount': priset får inte vara negativt". */
  text: string;
}

export function renderIssue(i: ImportIssue): RenderedIssue {
  const where: string[] = [];
  if (i.sheet) where.push(`Blad '${i.sheet}'`);
  if (i.line !== null) where.push(where.length ? `rad ${i.line}` : `Rad ${i.line}`);
  if (i.field) where.push(`fält '${i.field}'`);
  const text = where.length ? `${where.join(', ')}: ${i.message}` : i.message.charAt(0).toUpperCase() + i.message.slice(1);
  return { ...i, text };
}

/** Keeps the first `limit` issues (in the order they were found) and counts them all. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  count = 0;
  constructor(readonly limit: number) {}
  add(issue: ImportIssue) {
    this.count++;
    if (this.items.length < this.limit) this.items.push(issue);
  }
}

/** Thrown by a reader when the file cannot be read further (malformed XML, bad bytes, missing columns). */
export class FatalFileError extends Error {
  override name = 'FatalFileError';
  constructor(readonly issue: ImportIssue) {
    super(issue.message);
  }
}
