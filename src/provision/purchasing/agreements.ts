import { agreedPricesOf, agreementFacts, agreementValidOn, type AgreedPrice, type AgreementFacts } from '../../catalogue/agreements/agreement-facts.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Which agreement an article is bought under (issue 17 item 1): an agreed price in force today under an agreement
 * that is valid today with an active supplier. An article may be on several agreements: the one with the
 * supplier the article register names comes first, then the lowest price, then the agreement number.
 */
export type BuyOption = AgreedPrice & { agreement: AgreementFacts };

export type NoOption =
  | { reason: 'noAgreedPrice' }
  /** Agreed prices exist, but none under an agreement valid today (expired, not started, supplier inactive). */
  | { reason: 'agreementNotValid'; agreementNumber: string; supplierName: string; validFrom: string; validTo: string | null };

export type BuyChoice = { ok: true; option: BuyOption } | ({ ok: false } & NoOption);

export async function buyOptions(db: DbOrTx, articleIds: readonly string[], day: string): Promise<Map<string, BuyChoice>> {
  const prices = await agreedPricesOf(db, articleIds, day);
  const agreements = new Map((await agreementFacts(db, { ids: [...new Set(prices.map((p) => p.agreementId))] })).map((a) => [a.id, a]));
  const out = new Map<string, BuyChoice>();
  for (const id of new Set(articleIds)) {
    const mine = prices.filter((p) => p.articleId === id);
    const valid = mine
      .map((p) => ({ ...p, agreement: agreements.get(p.agreementId)! }))
      .filter((p) => p.agreement && agreementValidOn(p.agreement, day))
      .sort(
        (a, b) =>
          Number(b.agreement.supplierId === b.articleSupplierId) - Number(a.agreement.supplierId === a.articleSupplierId) ||
          Number(a.amount) - Number(b.amount) ||
          a.agreement.agreementNumber.localeCompare(b.agreement.agreementNumber),
      );
    if (valid[0]) out.set(id, { ok: true, option: valid[0] });
    else {
      const a = mine.map((p) => agreements.get(p.agreementId)).find((x) => !!x);
      out.set(
        id,
        a
          ? {
              ok: false,
              reason: 'agreementNotValid',
              agreementNumber: a.agreementNumber,
              supplierName: a.supplierName,
              validFrom: a.validFrom,
              validTo: a.validTo,
            }
          : { ok: false, reason: 'noAgreedPrice' },
      );
    }
  }
  return out;
}

/** Why an article cannot be bought, in Swedish, for refusals and the proposal list. */
export function noOptionText(articleNumber: string, articleName: string, c: NoOption): string {
  if (c.reason === 'noAgreedPrice') return `${articleNumber} ${articleName} har inget avtalspris hos någon leverantör: den kan inte köpas in`;
  return `Avtal ${c.agreementNumber} med ${c.supplierName} gäller inte i dag (${c.validFrom}–${c.validTo ?? ''}): ${articleNumber} ${articleName} kan inte beställas under det`;
}

/** The agreement, which must be valid today for anything to be ordered under it (issue 17 item 8). */
export async function validAgreement(db: DbOrTx, agreementId: string, day: string, path = 'body.agreementId'): Promise<AgreementFacts> {
  const [a] = await agreementFacts(db, { ids: [agreementId] });
  if (!a) throw new AppError('VALIDATION', 'Avtalet finns inte', { issues: [{ path, code: 'unknown', message: 'okänt avtal' }] });
  if (!agreementValidOn(a, day)) {
    const why = !a.supplierActive
      ? `leverantören ${a.supplierName} är inte aktiv`
      : a.validFrom > day
        ? `avtalet börjar gälla ${a.validFrom}`
        : `avtalet gällde till ${a.validTo}`;
    throw new AppError('NO_VALID_AGREEMENT', `Det går inte att beställa från ${a.supplierName} under avtal ${a.agreementNumber}: ${why}.`, {
      agreementNumber: a.agreementNumber,
    });
  }
  return a;
}
