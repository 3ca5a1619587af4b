/** Small fixtures for the article tests: rows inserted directly, with defaults that say what matters. */
import { addNameWords } from '../articles/article-words.ts';
import type { Database } from '../../platform/db/client.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { agreement, article, price, supplier } from '../schema.ts';

let seq = 0;

export function gtinFor(base: string): string {
  const digits = [...base].map(Number);
  const sum = [...digits].reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return base + String((10 - (sum % 10)) % 10);
}

export async function givenSupplier(db: Database, name: string, gln = String(7_350_000_000_000 + ++seq)) {
  const [row] = await db.db
    .insert(supplier)
    .values({ name, gln, sortKey: swedishSortKey(name) })
    .returning();
  return row!;
}

export async function givenArticle(db: Database, a: Partial<typeof article.$inferInsert> & { name: string }): Promise<typeof article.$inferSelect> {
  const n = ++seq;
  const [row] = await db.db
    .insert(article)
    .values({
      articleNumber: `T${String(n).padStart(6, '0')}`,
      sortKey: swedishSortKey(a.name),
      articleType: 'H',
      chargingForm: 'sale',
      stockForm: 'stock',
      published: true,
      orderable: true,
      source: 'national',
      ...a,
    })
    .returning();
  // The search vocabulary, as every other way of saving an article fills it (create, edit, import).
  await addNameWords(db.db, a.name);
  return row!;
}

export async function givenPrice(db: Database, p: typeof price.$inferInsert) {
  const [row] = await db.db.insert(price).values(p).returning();
  return row!;
}

/** An agreement with a supplier (valid from 2020 and open-ended unless told), with ordering terms when given. */
export async function givenAgreement(db: Database, a: Partial<typeof agreement.$inferInsert> & { supplierId: string }) {
  const n = ++seq;
  const [row] = await db.db
    .insert(agreement)
    .values({ agreementNumber: `AV-T${n}`, name: `Testavtal ${n}`, validFrom: '2020-01-01', ...a })
    .returning();
  return row!;
}
