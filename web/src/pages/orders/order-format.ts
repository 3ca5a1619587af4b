import {
  cancelReasonLabels,
  deviationKinds,
  faultCategories,
  faultCategoryLabels,
  orderMatrix,
  type CancelReason,
  type OrderType,
} from '../../../../src/contract/matrix.ts';
import type { Locale, OrderStatus, PatientDevice, WorkOrderTypeInfo } from '../../api/types.ts';
import type { I18n, Translate } from '../../i18n/index.tsx';
import { formatMoney } from '../../format.ts';

// Words of the ordering side shared by its pages. The order types, fault categories and cancel reasons
// come with their Swedish and English names from the contract's matrix, which both sides read.

export { deviationKinds, faultCategories, orderMatrix };

export const orderHref = (id: string) => `/bestallningar/${encodeURIComponent(id)}`;
export const receiptHref = (id: string) => `${orderHref(id)}/kvitto`;
export const patientPageHref = (id: string) => `/patienter/${encodeURIComponent(id)}`;

/**
 * The new-order page, optionally for a patient, with a type, units or an article chosen beforehand, and for a
 * fault report the order it is about.
 */
export function newOrderHref(
  opts: { patientId?: string | null; type?: OrderType; units?: string[]; articleId?: string; relatedOrder?: string | null } = {},
): string {
  const q = new URLSearchParams();
  if (opts.patientId) q.set('patient', opts.patientId);
  if (opts.type) q.set('typ', opts.type);
  if (opts.units?.length) q.set('enheter', opts.units.join(','));
  if (opts.articleId) q.set('artikel', opts.articleId);
  if (opts.relatedOrder) q.set('order', opts.relatedOrder);
  const s = q.toString();
  return s ? `/bestallningar/ny?${s}` : '/bestallningar/ny';
}

/** An order type's name; a type this web does not know (a message's order type is any string) shows as it is. */
export const orderTypeLabel = (locale: Locale, type: string) => orderMatrix[type as OrderType]?.[locale] ?? type;
export const statusLabel = (t: Translate, s: OrderStatus) => t(`orderStatus.${s}`);
export const lineStatusLabel = (i18n: Pick<I18n, 'tMaybe'>, s: string) => i18n.tMaybe(`lineStatus.${s}`) ?? s;

export function cancelReasonLabel(i18n: Pick<I18n, 'tMaybe' | 'locale'>, reason: string): string {
  const known = cancelReasonLabels[reason as CancelReason];
  if (known) return known[i18n.locale];
  return i18n.tMaybe(`cancelReason.${reason}`) ?? reason;
}

export const faultCategoryLabel = (locale: Locale, c: string) => faultCategoryLabels[c as keyof typeof faultCategoryLabels]?.[locale] ?? c;
export const deviationKindLabel = (i18n: Pick<I18n, 'tMaybe'>, k: string) => i18n.tMaybe(`deviationKind.${k}`) ?? k;
export const attachmentKindLabel = (i18n: Pick<I18n, 'tMaybe'>, k: string) => i18n.tMaybe(`attachmentKind.${k}`) ?? k;
export const endReasonLabel = (i18n: Pick<I18n, 'tMaybe'>, r: string | null) => (r ? (i18n.tMaybe(`endReason.${r}`) ?? r) : '');

/**
 * A code's name as the centre's rules name it (GET /api/ordering/order-types: the rules are data, issue 15), or
 * `fallback` while the lists are loading or for a code they do not have.
 */
export function listLabel(list: readonly { code: string; sv: string; en: string }[] | undefined, locale: Locale, code: string, fallback: string): string {
  const c = list?.find((x) => x.code === code);
  return c ? c[locale] : fallback;
}

/** A code list from the centre (GET /api/ordering/order-types) as options: the active codes, and the one already chosen. */
export function codeOptions(list: readonly { code: string; sv: string; en: string; active: boolean }[], locale: Locale, chosen: string) {
  return list.filter((c) => c.active || c.code === chosen).map((c) => ({ id: c.code, label: c[locale] }));
}

export function workOrderTypeLabel(locale: Locale, types: readonly WorkOrderTypeInfo[] | undefined, code: string): string {
  const w = types?.find((x) => x.code === code);
  return w ? w[locale] : code;
}

/** Badge tone by status: open orders in blue, finished in green, cancelled grey. */
export function statusTone(s: OrderStatus): 'ok' | 'muted' | 'warn' | 'info' {
  if (s === 'delivered' || s === 'done') return 'ok';
  if (s === 'cancelled') return 'muted';
  if (s === 'draft') return 'warn';
  return 'info';
}

export const deviceLabel = (d: Pick<PatientDevice, 'unitNumber' | 'articleName'>) => `${d.unitNumber} ${d.articleName}`;

/** An amount in kronor, the Swedish way (18 450,50 kr in both languages, like the dates): web/src/format.ts's. */
export const formatAmount = (v: unknown) => formatMoney(typeof v === 'number' || typeof v === 'string' ? v : null);

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export interface EventText {
  title: string;
  details: string[];
}

/**
 * An event of an order's timeline (or a message about one) in words: what happened, then the details the
 * centre gave (new date and reason, units and serial numbers, the cancel reason, the answer).
 */
export function describeEvent(
  i18n: Pick<I18n, 't' | 'tMaybe' | 'locale' | 'formatDate' | 'formatDateTime'>,
  type: string,
  data: Record<string, unknown>,
  lineNumber?: number | null,
): EventText {
  const { t, formatDate, formatDateTime } = i18n;
  const details: string[] = [];
  let title = i18n.tMaybe(`event.${type}`) ?? type;
  switch (type) {
    case 'submitted':
      if (data.orderNumber) details.push(t('event.orderNumber', { number: str(data.orderNumber) }));
      break;
    case 'received':
      if (data.dueDate) details.push(t('event.dueDate', { date: formatDate(str(data.dueDate)) }));
      if (data.lateRegistration) details.push(t('matrix.event.lateRegistration'));
      break;
    case 'acknowledged':
      title = t(data.inTime === false ? 'matrix.event.acknowledgedLate' : 'matrix.event.acknowledged');
      if (data.acknowledgedAt) details.push(formatDateTime(str(data.acknowledgedAt)));
      break;
    case 'plannedDate':
      title = t('event.plannedDateOn', { date: formatDate(str(data.plannedDate)) });
      break;
    case 'delayed':
      title = t('event.delayedTo', { date: formatDate(str(data.newDate)) });
      if (data.reason) details.push(t('event.reason', { reason: str(data.reason) }));
      break;
    case 'delivered': {
      title = t('event.deliveredOn', { date: formatDate(str(data.deliveredOn)) });
      if (data.quantity) details.push(t('event.quantity', { count: str(data.quantity) }));
      const units = Array.isArray(data.units) ? (data.units as Record<string, unknown>[]) : [];
      for (const u of units) {
        details.push(
          u.serialNumber
            ? t('event.unitWithSerial', { unit: str(u.unitNumber), serial: str(u.serialNumber), name: str(u.articleName) })
            : t('event.unit', { unit: str(u.unitNumber), name: str(u.articleName) }),
        );
      }
      if (data.partial) details.push(t('event.partial'));
      break;
    }
    case 'cancelled':
      if (data.reason) details.push(cancelReasonLabel(i18n, str(data.reason)));
      if (data.comment) details.push(str(data.comment));
      break;
    case 'cancelRequested':
      if (data.comment) details.push(t('event.comment', { comment: str(data.comment) }));
      if (data.by) details.push(t('event.by', { name: str(data.by) }));
      break;
    case 'refused':
      if (data.message) details.push(str(data.message));
      break;
    case 'workOrderBooked':
      title = t('event.bookedFor', { date: formatDateTime(str(data.bookedFor)) });
      if (data.technician) details.push(t('event.technician', { name: str(data.technician) }));
      break;
    case 'workOrderDone':
      if (data.summary) details.push(str(data.summary));
      break;
    case 'pickedUp':
      title = t('event.pickedUpOn', { date: formatDate(str(data.pickedUpOn)) });
      if (data.unitNumber) details.push(t('event.unitOnly', { unit: str(data.unitNumber) }));
      break;
    case 'deregistered':
      title = t('event.deregisteredOn', { date: formatDate(str(data.until)) });
      if (data.unitNumber) details.push(t('event.unitOnly', { unit: str(data.unitNumber) }));
      break;
    case 'pickUpUndone':
      if (data.unitNumber) details.push(t('event.unitOnly', { unit: str(data.unitNumber) }));
      break;
    case 'unitBackInUse':
      if (data.unitNumber) details.push(t('event.unitOnly', { unit: str(data.unitNumber) }));
      break;
    case 'unitFailedInspection':
      details.push(t('event.failedInspectionRemark', { unit: str(data.unitNumber), remark: str(data.remark) }));
      break;
    case 'registeredOnPatient': {
      title = t('event.registeredOn', { date: formatDate(str(data.since)) });
      const units = Array.isArray(data.units) ? (data.units as Record<string, unknown>[]) : [];
      for (const u of units) details.push(t('event.unit', { unit: str(u.unitNumber), name: str(u.articleName) }));
      // An article that is not unit-tracked: a quantity, no units.
      if (!units.length && typeof data.quantity === 'number') details.push(t('event.quantityRegistered', { quantity: data.quantity }));
      break;
    }
    case 'writtenOff':
      title = t('event.writtenOffOn', { date: formatDate(str(data.on)) });
      if (data.unitNumber) details.push(t('event.unitOnly', { unit: str(data.unitNumber) }));
      if (data.code) details.push(endReasonLabel(i18n, str(data.code)));
      break;
    case 'answered':
      if (data.answer) details.push(str(data.answer));
      break;
    case 'quoteSent':
      details.push(t('event.quoteAmount', { amount: formatAmount(data.amount) }));
      if (data.text) details.push(str(data.text));
      break;
    case 'quoteAnswered':
      title = t(data.approved ? 'event.quoteApproved' : 'event.quoteDeclined');
      if (data.by) details.push(t('event.answeredBy', { name: str(data.by) }));
      if (data.comment) details.push(t('event.comment', { comment: str(data.comment) }));
      break;
  }
  if (lineNumber) title = `${t('event.line', { n: lineNumber })}: ${title}`;
  return { title, details };
}
