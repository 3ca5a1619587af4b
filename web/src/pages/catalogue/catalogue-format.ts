import type { ChargingForm, MediaKind, StockForm } from '../../api/types.ts';
import type { I18n, Translate } from '../../i18n/index.tsx';
import { formatMoney } from '../../format.ts';

// Words and numbers of the article register, shared by its pages.

const bytesFormat = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });

/** "8 450,00 kr" from the API's decimal string, whatever the language of the page (web/src/format.ts). */
export function formatPrice(amount: string | null | undefined): string {
  return formatMoney(amount);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${bytesFormat.format(n / 1024)} kB`;
  return `${bytesFormat.format(n / (1024 * 1024))} MB`;
}

/** 'H' → 'Huvudhjälpmedel'; open codes (Tj, I …) are shown as they are. */
export function articleTypeLabel(i18n: Pick<I18n, 'tMaybe'>, type: string): string {
  return i18n.tMaybe(`articleType.${type}`) ?? type;
}

export const chargingFormLabel = (t: Translate, f: ChargingForm) => t(`chargingForm.${f}`);
export const stockFormLabel = (t: Translate, f: StockForm) => t(`stockForm.${f}`);
export const mediaKindLabel = (t: Translate, k: MediaKind) => t(`mediaKind.${k}`);

/** ISO codes go in addresses without spaces: '12 22 03' → '122203'. */
export const isoHref = (code: string) => `/artiklar/iso/${code.replace(/\s+/g, '')}`;
export const articleHref = (id: string) => `/artiklar/${id}`;

/** The ISO title in the page's language (Swedish when there is no English title). */
export function isoTitle(locale: string, node: { titleSv: string; titleEn: string | null }): string {
  return locale === 'en' && node.titleEn ? node.titleEn : node.titleSv;
}

/** The ISO class a search query named, as "12 22 Manuella rullstolar" (the code alone when the register lacks it). */
export function isoMatchLabel(locale: string, iso: { code: string; titleSv: string | null; titleEn: string | null }): string {
  const title = locale === 'en' && iso.titleEn ? iso.titleEn : iso.titleSv;
  return title ? `${iso.code} ${title}` : iso.code;
}
