import { and, gte, isNull, or, type SQL } from 'drizzle-orm';
import { addMonths } from '../../platform/calendar/index.ts';
import { AppError } from '../../platform/errors.ts';
import { provisionUnit } from '../schema.ts';

/**
 * A unit the centre may hand out (deliver, reserve, place in a buffer store) as far as inspections go: not out of
 * use after a failed inspection, and not past its inspection date (issue 19 item 1). The replacement chain and
 * the explicit choices both ask here.
 */

/** The condition for the replacement chain's queries: units it may choose on `today` (YYYY-MM-DD). */
export function inspectionAllowsUse(today: string): SQL {
  return and(isNull(provisionUnit.outOfUseSince), or(isNull(provisionUnit.nextInspectionOn), gte(provisionUnit.nextInspectionOn, today)))!;
}

/** Why the unit may not be handed out on `today`, or null when it may. */
export function inspectionBlock(
  u: { unitNumber: string | null; nextInspectionOn: string | null; outOfUseSince: string | null },
  today: string,
): AppError | null {
  if (u.outOfUseSince)
    return new AppError(
      'UNIT_OUT_OF_USE',
      `Individ ${u.unitNumber} underkändes vid besiktningen ${u.outOfUseSince} och är tagen ur bruk: den får inte lämnas ut förrän en ny besiktning har godkänt den`,
    );
  if (u.nextInspectionOn && u.nextInspectionOn < today)
    return new AppError(
      'UNIT_INSPECTION_OVERDUE',
      `Individ ${u.unitNumber} skulle ha besiktats ${u.nextInspectionOn} och får inte lämnas ut förrän den är besiktad`,
    );
  return null;
}

export function assertInspectionAllowsUse(u: Parameters<typeof inspectionBlock>[0], today: string): void {
  const e = inspectionBlock(u, today);
  if (e) throw e;
}

/** The next inspection after a delivery or an inspection on `from`, for an article with an interval (else null). */
export const nextInspectionAfter = (from: string, intervalMonths: number | null | undefined): string | null =>
  intervalMonths ? addMonths(from, intervalMonths) : null;
