import type { Translate } from './i18n/index.tsx';

// Client-side checks that mirror the API's schemas, so the user gets a translated message before sending.
// The API checks again; its field issues are shown next to the same fields.

export const validators = (t: Translate) => ({
  required: (v: string) => (v.trim() ? null : t('validation.required')),
  email: (v: string) => (!v.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('validation.email')),
  phone: (v: string) => (!v.trim() || /^[+0-9][0-9 \-()]{4,29}$/.test(v.trim()) ? null : t('validation.phone')),
  hsaId: (v: string) => (!v.trim() || /^SE[0-9]{10}-[0-9A-Za-z]{1,18}$/.test(v.trim()) ? null : t('validation.hsaId')),
  orgNumber: (v: string) => (/^\d{6}-?\d{4}$/.test(v.trim()) ? null : t('validation.orgNumber')),
  municipalityCode: (v: string) => (!v.trim() || /^\d{4}$/.test(v.trim()) ? null : t('validation.municipalityCode')),
  postalCode: (v: string) => (/^\d{3} ?\d{2}$/.test(v.trim()) ? null : t('validation.postalCode')),
  username: (v: string) => (/^[a-z0-9._-]{2,64}$/.test(v.trim().toLowerCase()) ? null : t('validation.username')),
  customerNumber: (v: string) => (/^[0-9A-Za-z-]{1,20}$/.test(v.trim()) ? null : t('validation.customerNumber')),
  password: (v: string) => (v.length >= 12 ? null : t('validation.passwordLength')),
  optionalPassword: (v: string) => (!v || v.length >= 12 ? null : t('validation.passwordLength')),
});
