import { Fragment } from 'react';
import { $api } from '../../api/client.ts';
import type { Article, PrescriptionClass } from '../../api/types.ts';
import { RadioGroupInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { classFor } from '../../../../src/ordering/orders/prescription-class.ts';
import { useMainArticles } from './Cart.tsx';
import { normalizeLines, parseMeasurement, type CartLine, type DraftForm } from './draft-form.ts';

// Prescription details (issue 16 item 7): the measurements each main device's ISO class asks for, the aim and the
// follow-up, in the customer order's form; and how an order shows them (the prescriber's and the centre's page).

/** Today in Sweden, as YYYY-MM-DD. */
export const swedishToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

const num = (locale: string, n: number) => n.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB');

export function usePrescriptionClasses() {
  return $api.useQuery('get', '/api/ordering/prescription-classes', {}, { staleTime: 5 * 60_000, throwOnError: false });
}

interface AskingLine {
  line: CartLine;
  /** The line number it will have (the cart's numbering). */
  n: number;
  /** Its index among the lines saved (the server's lines.N). */
  index: number;
  article: Article;
  cls: PrescriptionClass;
}

/** The customer order's prescription section: measurements per main device, aim, follow-up date and who follows up. */
export function PrescriptionFields({ form, patch }: { form: DraftForm; patch: (p: Partial<DraftForm>) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { user } = useSession();
  const classes = usePrescriptionClasses().data ?? [];
  const all = normalizeLines(form.lines);
  const saved = all.filter((l) => !!l.articleId);
  const mains = saved.filter((l) => !l.accessoryFor);
  const articles = useMainArticles(mains.map((l) => l.articleId!));
  const asking: AskingLine[] = mains.flatMap((line) => {
    const article = articles.get(line.articleId!);
    const cls = article && article.articleType === 'H' ? classFor(classes, article.isoCode) : null;
    if (!article || !cls) return [];
    return [{ line, n: all.indexOf(line) + 1, index: saved.indexOf(line), article, cls }];
  });
  const aimFor = asking.filter((a) => a.cls.aimRequired);
  const aimNames = aimFor.map((a) => t('prescription.lineMeasurements', { line: a.n, name: a.line.articleName ?? '' })).join(', ');
  const p = form.prescription;
  const setP = (x: Partial<DraftForm['prescription']>) => patch({ prescription: { ...p, ...x } });
  const setMeasurement = (key: string, code: string, value: string) =>
    patch({ lines: form.lines.map((l) => (l.key === key ? { ...l, measurements: { ...l.measurements, [code]: value } } : l)) });
  const today = swedishToday();

  return (
    <Section title={t('prescription.title')} id="prescription">
      <p className="help-text">{t('prescription.intro')}</p>
      {asking.map(({ line, n, index, cls }) => (
        <fieldset key={line.key} className="fieldset">
          <legend className="fieldset-legend">{t('prescription.measurementsFor', { line: n, name: line.articleName ?? '' })}</legend>
          <p className="help-text">{t('prescription.measurementsHelp', { class: `${cls.isoPrefix} ${locale === 'sv' ? cls.titleSv : cls.titleEn}` })}</p>
          <div className="measurement-grid">
            {cls.measurements.map((d) => {
              const label = locale === 'sv' ? d.labelSv : d.labelEn;
              const vars = { line: n, label: label.toLowerCase(), unit: d.unit, min: num(locale, d.min ?? 0), max: num(locale, d.max ?? 0) };
              return (
                <TextInput
                  key={d.code}
                  label={t('prescription.measurementLabel', { label, unit: d.unit })}
                  name={`lines.${index}.measurements.${d.code}`}
                  value={line.measurements?.[d.code] ?? ''}
                  onChange={(v) => setMeasurement(line.key, d.code, v)}
                  inputMode="decimal"
                  maxLength={12}
                  isRequired={d.required}
                  requiredMessage={t('prescription.measurementMissing', vars)}
                  {...(d.min !== null && d.max !== null ? { description: t('prescription.range', vars) } : {})}
                  validate={(v) => {
                    if (!v.trim()) return null;
                    const x = parseMeasurement(v);
                    if (x === null) return t('prescription.notANumber', vars);
                    if ((d.min !== null && x < d.min) || (d.max !== null && x > d.max)) return t('prescription.outOfRange', vars);
                    return null;
                  }}
                />
              );
            })}
          </div>
        </fieldset>
      ))}
      <TextAreaInput
        label={t('prescription.aim')}
        name="prescription.aim"
        value={p.aim}
        onChange={(x) => setP({ aim: x })}
        maxLength={2000}
        rows={3}
        isRequired={aimFor.length > 0}
        requiredMessage={t('prescription.aimMissing', { names: aimNames })}
        description={aimFor.length ? t('prescription.aimRequiredHelp', { names: aimNames }) : t('prescription.aimHelp')}
      />
      <TextInput
        label={t('prescription.followUpDate')}
        name="prescription.followUpDate"
        type="date"
        value={p.followUpDate}
        onChange={(x) => setP({ followUpDate: x })}
        description={t('prescription.followUpDateHelp')}
        validate={(v) => (v && v < today ? t('prescription.followUpDatePast') : null)}
      />
      <RadioGroupInput
        label={t('prescription.followUpBy')}
        name="followUpByChoice"
        value={p.followUpByOther ? 'other' : 'me'}
        onChange={(v) => setP({ followUpByOther: v === 'other' })}
        orientation="horizontal"
        options={[
          { id: 'me', label: t('prescription.followUpByMe', { name: user?.name ?? '' }) },
          { id: 'other', label: t('prescription.followUpByOther') },
        ]}
      />
      {p.followUpByOther ? (
        <TextInput
          label={t('prescription.followUpByName')}
          name="prescription.followUpBy"
          value={p.followUpBy}
          onChange={(x) => setP({ followUpBy: x })}
          maxLength={200}
          isRequired
          requiredMessage={t('prescription.followUpByMissing')}
          description={t('prescription.followUpByNameHelp')}
        />
      ) : null}
    </Section>
  );
}

export interface PrescriptionShown {
  aim: string | null;
  followUp: { date: string; by: string | null; doneAt?: string | null; doneNote?: string | null } | null;
  lines: { lineNumber: number; articleName: string | null; measurements: { label: string; unit: string; value: number }[] }[];
}

/** The prescription as an order shows it (both sides): aim, follow-up, and each line's measurements. */
export function PrescriptionSummary({ p }: { p: PrescriptionShown }) {
  const { t, locale, formatDate } = useI18n();
  const measured = p.lines.filter((l) => l.measurements.length);
  if (!p.aim && !p.followUp && !measured.length) return null;
  return (
    <Section title={t('prescription.title')} id="prescription">
      <dl className="details">
        {p.aim ? (
          <>
            <dt>{t('prescription.aim')}</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{p.aim}</dd>
          </>
        ) : null}
        {p.followUp ? (
          <>
            <dt>{t('prescription.followUp')}</dt>
            <dd>
              {t('prescription.followUpText', { date: formatDate(p.followUp.date), name: p.followUp.by ?? t('prescription.prescriber') })}
              {p.followUp.doneAt ? (
                <span className="block small">
                  {t('prescription.followUpDone', { date: formatDate(p.followUp.doneAt) })}
                  {p.followUp.doneNote ? `: ${p.followUp.doneNote}` : ''}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        {measured.map((l) => (
          <Fragment key={l.lineNumber}>
            <dt>{t('prescription.lineMeasurements', { line: l.lineNumber, name: l.articleName ?? '' })}</dt>
            <dd>
              <ul className="plain-list">
                {l.measurements.map((m) => (
                  <li key={m.label}>{t('prescription.measurementValue', { label: m.label, value: num(locale, m.value), unit: m.unit })}</li>
                ))}
              </ul>
            </dd>
          </Fragment>
        ))}
      </dl>
    </Section>
  );
}
