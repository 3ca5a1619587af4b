import type { AuditLabels } from '../platform/audit/audit.ts';

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

declare module '../platform/audit/audit.ts' {
  interface AuditActionNames extends Record<keyof typeof catalogueAuditActions, true> {}
}
