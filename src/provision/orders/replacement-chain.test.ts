import { describe, expect, it } from 'vitest';
import { as, givenReceivedOrder, givenUnitArticle } from '../testing/given.ts';
import { setEquivalents } from './equivalents.ts';
import { reserveUnits, suggestUnits } from './fill-line.ts';
import { orderLineFixture } from '../testing/order-lines.ts';

// Filling a line by the replacement chain: which unit the centre picks.

const f = orderLineFixture();
const { unitStatus, chairWithUnits } = f;

describe('the replacement chain', () => {
  it('the oldest reconditioned unit is picked before a newer one, and reconditioned units before new ones', async () => {
    const { article, units } = await chairWithUnits('Rullstol Kedja 40', [
      { purchaseDate: '2019-01-01' }, // new, old
      { purchaseDate: '2021-05-01', reconditioned: true },
      { purchaseDate: '2020-03-01', reconditioned: true },
      { purchaseDate: '2018-01-01' }, // new, oldest of all
    ]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: article.articleNumber }] });
    const s = await suggestUnits(f.warehouse, o.lineIds[0]!);
    expect(s.suggestions.map((u) => u.id)).toEqual([units[2]!.id, units[1]!.id, units[3]!.id, units[0]!.id]);
    const r = await reserveUnits(f.warehouse, o.lineIds[0]!, { version: s.lineVersion });
    expect(r.reserved.map((u) => u.id)).toEqual([units[2]!.id]);
    expect(await unitStatus(units[2]!.id)).toEqual({ status: 'reserved', reserved_for_line_id: o.lineIds[0] });
  });

  it('an equivalent article’s unit fills the line once it is configured as equivalent', async () => {
    const ordered = await givenUnitArticle(f.t.database, { name: 'Rollator Ny modell' });
    const { article: older, units } = await chairWithUnits('Rollator Förra modellen', [{ purchaseDate: '2017-06-01' }]);
    const o = await givenReceivedOrder(f.ctx, { lines: [{ articleNumber: ordered.articleNumber }] });
    await expect(reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 })).rejects.toMatchObject({ code: 'UNIT_NOT_AVAILABLE' });
    await setEquivalents(as(f.ctx, 'assortment'), ordered.id, { equivalentArticleIds: [older.id] });
    const r = await reserveUnits(f.warehouse, o.lineIds[0]!, { version: 1 });
    expect(r.reserved.map((u) => u.id)).toEqual([units[0]!.id]);
  });
});
