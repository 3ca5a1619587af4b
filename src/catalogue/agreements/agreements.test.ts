import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { importCatalogueFile } from '../import/import-catalogue-file.ts';
import { seedIsoCodes } from '../iso/seed-iso-codes.ts';
import { givenAgreement, givenArticle, givenPrice, givenSupplier } from '../testing/article-fixtures.ts';
import { agreedPricesOf, agreementFacts, agreementValidOn, articlesUnderAgreement } from './agreement-facts.ts';

// The agreements' ordering terms (issue 17 item 1), kept by the centre beside what the catalogue import brings.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const terms = {
  deliveryWorkingDays: 10,
  minimumOrderAmount: 1500,
  orderEmail: 'order@rullverket.example',
  orderAddress: 'Rullverket AB\nBox 12\n990 20 Norrvik',
  contactName: 'Maria Rull',
  contactPhone: '0611-55 01 00',
  contactEmail: 'maria@rullverket.example',
};

describe('agreement terms', () => {
  it('the assortment role or the warehouse sets them; each change is versioned and audited', async () => {
    const s = await givenSupplier(t.database, 'Villkorsbolaget AB');
    const a = await givenAgreement(t.database, { supplierId: s.id, agreementNumber: 'AV-VILLKOR' });
    const warehouse = await t.login('lager');
    const res = await warehouse.put(`/api/catalogue/agreements/${a.id}/terms`, { termsVersion: 1, ...terms });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ agreementNumber: 'AV-VILLKOR', supplierName: 'Villkorsbolaget AB', minimumOrderAmount: '1500.00', termsVersion: 2 });
    const [audit] = await t.database.query<{ details: { changes: Record<string, { from: unknown; to: unknown }> } }>(
      `SELECT details FROM audit_log WHERE action = 'agreement.terms.update' AND entity_id = $1`,
      [a.id],
    );
    expect(audit!.details.changes.deliveryWorkingDays).toEqual({ from: null, to: 10 });

    // A stale version is refused; blank fields clear.
    const stale = await warehouse.put(`/api/catalogue/agreements/${a.id}/terms`, { termsVersion: 1, ...terms, deliveryWorkingDays: 3 });
    expect(stale.statusCode).toBe(409);
    const cleared = await (
      await t.login('sortiment')
    ).put(`/api/catalogue/agreements/${a.id}/terms`, {
      termsVersion: 2,
      ...terms,
      orderAddress: '',
      contactEmail: '',
    });
    expect(cleared.json()).toMatchObject({ orderAddress: null, contactEmail: null, termsVersion: 3 });
    expect((await (await t.login('kundtjanst')).put(`/api/catalogue/agreements/${a.id}/terms`, { termsVersion: 3, ...terms })).statusCode).toBe(403);
  });

  it('bad input gets a clear message per field and changes nothing', async () => {
    const s = await givenSupplier(t.database, 'Felbolaget AB');
    const a = await givenAgreement(t.database, { supplierId: s.id });
    const warehouse = await t.login('lager');
    const res = await warehouse.put(`/api/catalogue/agreements/${a.id}/terms`, {
      termsVersion: 1,
      ...terms,
      deliveryWorkingDays: 0,
      minimumOrderAmount: 10.555,
      orderEmail: 'inte-en-adress',
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json() as { error: { issues: { path: string; message: string }[] } }).error.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['body.deliveryWorkingDays', 'body.minimumOrderAmount', 'body.orderEmail']);
    expect((await agreementFacts(t.database.db, { ids: [a.id] }))[0]).toMatchObject({ deliveryWorkingDays: null, orderEmail: null, termsVersion: 1 });
    expect((await warehouse.put(`/api/catalogue/agreements/00000000-0000-4000-8000-000000000000/terms`, { termsVersion: 1, ...terms })).statusCode).toBe(404);
  });

  it('a catalogue import updates the agreement’s number, name and validity but keeps its terms', async () => {
    await seedIsoCodes(t.database.db);
    const file = fileURLToPath(new URL('../import/fixtures/catalogue-small.xml', import.meta.url));
    await importCatalogueFile(t.ctx(), file, { publish: true, fileName: 'liten.xml' });
    const a = (await agreementFacts(t.database.db)).find((x) => x.agreementNumber === 'AV-2024-017')!;
    expect(a).toMatchObject({ name: 'Manuella rullstolar 2024', validFrom: '2024-03-01', validTo: '2027-02-28', deliveryWorkingDays: null });
    const warehouse = await t.login('lager');
    await warehouse.put(`/api/catalogue/agreements/${a.id}/terms`, { termsVersion: a.termsVersion, ...terms });
    await importCatalogueFile(t.ctx(), file, { publish: true, fileName: 'liten-igen.xml' });
    expect((await agreementFacts(t.database.db, { ids: [a.id] }))[0]).toMatchObject({ deliveryWorkingDays: 10, orderEmail: terms.orderEmail });
  });

  it('gives purchasing the agreed prices in force on a day, and an agreement’s articles', async () => {
    const s = await givenSupplier(t.database, 'Prisbolaget AB');
    const a = await givenAgreement(t.database, { supplierId: s.id, validTo: '2030-12-31' });
    const art = await givenArticle(t.database, { name: 'Avtalsartikel', supplierId: s.id });
    await givenPrice(t.database, { articleId: art.id, kind: 'agreed', agreementId: a.id, amount: '100.00', validFrom: '2024-01-01', validTo: '2024-12-31' });
    await givenPrice(t.database, { articleId: art.id, kind: 'agreed', agreementId: a.id, amount: '110.00', validFrom: '2025-01-01' });
    await givenPrice(t.database, { articleId: art.id, kind: 'general', amount: '500.00', validFrom: '2024-01-01' });
    expect((await agreedPricesOf(t.database.db, [art.id], '2024-06-01')).map((p) => p.amount)).toEqual(['100.00']);
    expect((await agreedPricesOf(t.database.db, [art.id], '2025-06-01')).map((p) => [p.amount, p.agreementId])).toEqual([['110.00', a.id]]);
    expect((await articlesUnderAgreement(t.database.db, a.id, '2025-06-01')).map((p) => p.articleId)).toEqual([art.id]);
    const [facts] = await agreementFacts(t.database.db, { ids: [a.id] });
    expect(agreementValidOn(facts!, '2030-12-31')).toBe(true);
    expect(agreementValidOn(facts!, '2031-01-01')).toBe(false);
    expect(agreementValidOn({ ...facts!, supplierActive: false }, '2025-06-01')).toBe(false);
  });
});
