import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { requireActor, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { ORDERING_SIDE_FILTER, visibilityOf } from '../articles/visibility.ts';
import { isoCode, isoMapping, type IsoEdition } from '../schema.ts';
import { isoAncestry } from './iso-code.ts';
import type { isoChildView, isoMapView, isoNodeDetail, IsoNodeView } from './iso-schemas.ts';

const nodeColumns = {
  edition: isoCode.edition,
  code: isoCode.code,
  level: isoCode.level,
  parentCode: isoCode.parentCode,
  titleSv: isoCode.titleSv,
  titleEn: isoCode.titleEn,
};

/** The children of a node (the classes when there is no parent), in code order. */
export async function listIsoChildren(ctx: Ctx, input: { edition: IsoEdition; parent?: string | undefined }): Promise<z.infer<typeof isoChildView>[]> {
  requireActor(ctx);
  if (input.parent) {
    const [p] = await ctx.db
      .select({ code: isoCode.code })
      .from(isoCode)
      .where(and(eq(isoCode.edition, input.edition), eq(isoCode.code, input.parent)));
    if (!p) throw new AppError('NOT_FOUND', `ISO-koden ${input.parent} finns inte i utgåva ${input.edition}`);
  }
  const child = sql`(SELECT 1 FROM iso_code c WHERE c.edition = ${isoCode.edition} AND c.parent_code = ${isoCode.code} LIMIT 1)`;
  return ctx.db
    .select({ ...nodeColumns, hasChildren: sql<boolean>`EXISTS ${child}` })
    .from(isoCode)
    .where(and(eq(isoCode.edition, input.edition), input.parent ? eq(isoCode.parentCode, input.parent) : isNull(isoCode.parentCode)))
    .orderBy(asc(isoCode.sortKey), asc(isoCode.code));
}

/** One node with its path from the class and the number of articles in its subtree that the caller may see. */
export async function getIsoNode(ctx: Ctx, input: { edition: IsoEdition; code: string }): Promise<z.infer<typeof isoNodeDetail>> {
  const vis = visibilityOf(ctx);
  const path = (await ctx.db
    .select(nodeColumns)
    .from(isoCode)
    .where(and(eq(isoCode.edition, input.edition), inArray(isoCode.code, isoAncestry(input.code))))
    .orderBy(asc(isoCode.level))) as IsoNodeView[];
  const node = path.find((n) => n.code === input.code);
  if (!node) throw new AppError('NOT_FOUND', `ISO-koden ${input.code} finns inte i utgåva ${input.edition}`);
  // A prefix range on the "C"-collated iso_code column: a plain btree range scan on both databases.
  const [count] = await ctx.database.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM article a
      WHERE a.iso_code >= $1 AND a.iso_code < $2
        ${vis.centre ? 'AND a.removed_at IS NULL' : `AND ${ORDERING_SIDE_FILTER('a')}`}`,
    [input.code, `${input.code}~`],
  );
  return { ...node, path, articleCount: Number(count?.n ?? 0) };
}

/** What a code of one edition corresponds to in another: the mapping table, or the same code when unchanged. */
export async function mapIsoCode(ctx: Ctx, input: { from: IsoEdition; to?: IsoEdition | undefined; code: string }): Promise<z.infer<typeof isoMapView>> {
  requireActor(ctx);
  const to: IsoEdition = input.to ?? (input.from === '2022' ? '2011' : '2022');
  const [source] = await ctx.db
    .select({ titleSv: isoCode.titleSv })
    .from(isoCode)
    .where(and(eq(isoCode.edition, input.from), eq(isoCode.code, input.code)));
  // The table is kept in the 2011 → 2022 direction; the reverse direction reads it backwards.
  const forward = await ctx.db
    .select({ code: isoMapping.toCode })
    .from(isoMapping)
    .where(and(eq(isoMapping.fromEdition, input.from), eq(isoMapping.fromCode, input.code), eq(isoMapping.toEdition, to)));
  const backward = await ctx.db
    .select({ code: isoMapping.fromCode })
    .from(isoMapping)
    .where(and(eq(isoMapping.toEdition, input.from), eq(isoMapping.toCode, input.code), eq(isoMapping.fromEdition, to)));
  const mapped = [...new Set([...forward, ...backward].map((r) => r.code))];
  const identity = mapped.length === 0;
  const targets = identity ? [input.code] : mapped;
  const nodes = (await ctx.db
    .select(nodeColumns)
    .from(isoCode)
    .where(and(eq(isoCode.edition, to), inArray(isoCode.code, targets)))
    .orderBy(asc(isoCode.code))) as IsoNodeView[];
  if (!source && nodes.length === 0) {
    throw new AppError('NOT_FOUND', `ISO-koden ${input.code} finns inte i utgåva ${input.from}`);
  }
  return { from: { edition: input.from, code: input.code, titleSv: source?.titleSv ?? null }, to: nodes, identity };
}

/** Swedish and English titles of ISO codes, for other modules' reports: the 2022 edition's, else the 2011 edition's. */
export async function isoTitles(db: DbOrTx, codes: readonly string[]): Promise<Map<string, { sv: string; en: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: isoCode.code, edition: isoCode.edition, titleSv: isoCode.titleSv, titleEn: isoCode.titleEn })
    .from(isoCode)
    .where(inArray(isoCode.code, [...new Set(codes)]))
    .orderBy(asc(isoCode.edition));
  const out = new Map<string, { sv: string; en: string }>();
  // Ascending edition: the 2022 title, read last, wins.
  for (const r of rows) out.set(r.code, { sv: r.titleSv, en: r.titleEn ?? r.titleSv });
  return out;
}
