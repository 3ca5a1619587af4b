// Names for the API types of purchasing (inköp, src/provision/purchasing), all the schema's, and a few helpers.
import type { ApiData } from '../../api/client.ts';
import { allOf } from '../../api/types.ts';
import type { Translate } from '../../i18n/index.tsx';
import './purchasing.css';

export type PurchaseOrder = ApiData<'/api/provision/purchasing/purchase-orders/{id}'>;
export type PurchaseLine = PurchaseOrder['lines'][number];
export type PurchaseOrderSummary = ApiData<'/api/provision/purchasing/purchase-orders'>[number];
export type PurchaseStatus = PurchaseOrder['status'];
export type Proposals = ApiData<'/api/provision/purchasing/proposals'>;
export type ProposalGroup = Proposals['groups'][number];
export type SupplierWithAgreements = ApiData<'/api/provision/purchasing/suppliers'>[number];
export type Agreement = SupplierWithAgreements['agreements'][number];
export type AgreementPage = ApiData<'/api/provision/purchasing/agreements/{id}'>;
export type ReorderPoint = ApiData<'/api/provision/purchasing/reorder-points'>[number];
export type Valuation = ApiData<'/api/provision/purchasing/stock-valuation'>;
export type OrderPurchases = ApiData<'/api/provision/orders/{id}/purchases'>;

export const PURCHASE_STATUSES = allOf<PurchaseStatus>()(['draft', 'sent', 'partlyReceived', 'closed', 'cancelled']);

export const purchaseOrderHref = (id: string) => `/hmc/inkop/${id}`;
export const agreementHref = (id: string) => `/hmc/leverantorer/avtal/${id}`;

/** An amount in kronor the Swedish way in both languages (like the dates): 2 450,00 kr. */
export const formatKronor = (amount: string | number | null | undefined) =>
  `${Number(amount ?? 0).toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kr`;

export const purchaseStatusLabel = (t: Translate, s: PurchaseStatus) =>
  ({
    draft: t('purchasing.status.draft'),
    sent: t('purchasing.status.sent'),
    partlyReceived: t('purchasing.status.partlyReceived'),
    closed: t('purchasing.status.closed'),
    cancelled: t('purchasing.status.cancelled'),
  })[s];

export const purchaseStatusTone = (s: PurchaseStatus): 'ok' | 'muted' | 'warn' | 'info' =>
  s === 'draft' ? 'warn' : s === 'closed' ? 'ok' : s === 'cancelled' ? 'muted' : 'info';

/** "12 arbetsdagar", or that the agreement says nothing. */
export const deliveryTimeText = (t: Translate, days: number | null) =>
  days === null ? t('purchasing.notStated') : t('purchasing.workingDays', { count: days });

/** A number typed the Swedish way (1 234,50) as a number; NaN when it is not one. */
export function parseAmount(v: string): number {
  const s = v.replace(/\s/g, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(s) ? Number(s) : Number.NaN;
}
