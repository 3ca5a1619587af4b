import type { AuditLabels, AuditLabelsEn } from '../platform/audit/audit.ts';

/** The catalogue's audit actions with Swedish labels (CONVENTIONS 18). */
export const catalogueAuditActions = {
  'article.create': 'Artikel skapad',
  'article.update': 'Artikel ändrad',
  'article.price.add': 'Artikelpris tillagt',
  'article.fits.set': 'Passar till satt',
  'article.media.add': 'Artikelbild tillagd',
  'article.media.update': 'Artikelbild ändrad',
  'article.media.remove': 'Artikelbild borttagen',
  'article.media.fetch-failed': 'Artikelbild kunde inte hämtas',
  'catalogue.import.publish': 'Sortimentsimport publicerad',
  'agreement.terms.update': 'Avtalsvillkor ändrade',
} as const satisfies AuditLabels;

/** The same in English, for the English page (issue 16 item 13). */
export const catalogueAuditActionsEn = {
  'article.create': 'Article created',
  'article.update': 'Article changed',
  'article.price.add': 'Article price added',
  'article.fits.set': 'Fits-with set',
  'article.media.add': 'Article image added',
  'article.media.update': 'Article image changed',
  'article.media.remove': 'Article image removed',
  'article.media.fetch-failed': 'Article image could not be fetched',
  'catalogue.import.publish': 'Catalogue import published',
  'agreement.terms.update': 'Agreement terms changed',
} as const satisfies AuditLabelsEn<typeof catalogueAuditActions>;

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof catalogueAuditActions, true> {}
}
