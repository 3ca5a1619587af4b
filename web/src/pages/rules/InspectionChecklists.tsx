import { useState } from 'react';
import { dataOf, fetchClient, type ApiData } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Btn, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Rules = ApiData<'/api/provision/rules'>;
type Checklist = Rules['inspectionChecklists'][number];
const ISO_PREFIX = /^(\d{2}( \d{2}){0,2})?$/;

/** A checklist item's code from its Swedish text: a–z, 0–9 and -, unique in the list. */
function codeOf(sv: string, taken: ReadonlySet<string>): string {
  const base =
    sv
      .toLowerCase()
      .replace(/[åä]/g, 'a')
      .replace(/ö/g, 'o')
      .replace(/é/g, 'e')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 36) || 'punkt';
  let code = base;
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
  return code;
}

/**
 * The page Regler's inspection checklists (besiktningsprotokoll per ISO class, issue 19 item 1): each class's list of
 * items, edited one class at a time; saving makes a new rules version (the whole list is sent).
 */
export function InspectionChecklistsSection({ rules, onSaved }: { rules: Rules; onSaved: (r: Rules) => void }) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);
  const label = (x: { sv: string; en: string }) => (locale === 'sv' ? x.sv : x.en);
  const prefixLabel = (c: Checklist) => (c.isoPrefix ? `ISO ${c.isoPrefix}` : t('inspection.rules.fallback'));
  return (
    <Section title={t('inspection.rules.title')} id="inspection-checklists">
      <p className="help-text">{t('inspection.rules.help')}</p>
      <div className="button-row">
        <Btn onPress={() => setEditing({ index: null })}>{t('inspection.rules.add')}</Btn>
      </div>
      {rules.inspectionChecklists.map((c, i) => (
        <section key={c.isoPrefix || 'fallback'} aria-labelledby={`checklist-${i}`}>
          <h3 id={`checklist-${i}`}>
            {label(c)} <span className="muted">({prefixLabel(c)})</span>
          </h3>
          <ul>
            {c.items.map((item) => (
              <li key={item.code}>{label(item)}</li>
            ))}
          </ul>
          <div className="button-row">
            <Btn onPress={() => setEditing({ index: i })}>{t('inspection.rules.edit', { name: label(c) })}</Btn>
          </div>
        </section>
      ))}
      {editing ? (
        <ChecklistDialog
          all={rules.inspectionChecklists}
          index={editing.index}
          onClose={() => setEditing(null)}
          onDone={(r) => {
            setEditing(null);
            onSaved(r);
          }}
        />
      ) : null}
    </Section>
  );
}

function ChecklistDialog({ all, index, onClose, onDone }: { all: Checklist[]; index: number | null; onClose: () => void; onDone: (r: Rules) => void }) {
  const { t, locale } = useI18n();
  const current = index === null ? null : all[index]!;
  const [prefix, setPrefix] = useState(current?.isoPrefix ?? '');
  const [sv, setSv] = useState(current?.sv ?? '');
  const [en, setEn] = useState(current?.en ?? '');
  const [items, setItems] = useState(() => (current?.items ?? [{ code: '', sv: '', en: '' }]).map((x, key) => ({ ...x, key })));
  const isFallback = current !== null && current.isoPrefix === '';
  const title = current ? t('inspection.rules.edit', { name: locale === 'sv' ? current.sv : current.en }) : t('inspection.rules.add');
  const set = (key: number, field: 'sv' | 'en', v: string) => setItems((s) => s.map((x) => (x.key === key ? { ...x, [field]: v } : x)));
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      submitLabel={t('common.save')}
      shownFields={[]}
      send={() => {
        if (!ISO_PREFIX.test(prefix.trim()) || !sv.trim() || !en.trim() || items.length === 0 || items.some((x) => !x.sv.trim() || !x.en.trim())) return null;
        const taken = new Set<string>();
        const list = {
          isoPrefix: prefix.trim(),
          sv: sv.trim(),
          en: en.trim(),
          items: items.map((x) => {
            const code = x.code || codeOf(x.sv, taken);
            taken.add(code);
            return { code, sv: x.sv.trim(), en: x.en.trim() };
          }),
        };
        const body = index === null ? [...all, list] : all.map((c, i) => (i === index ? list : c));
        return fetchClient.PUT('/api/provision/rules/inspection-checklists', { body }).then(dataOf);
      }}
      onDone={onDone}
    >
      <TextInput
        label={t('inspection.rules.isoPrefix')}
        name="isoPrefix"
        value={prefix}
        onChange={setPrefix}
        isReadOnly={isFallback}
        description={t('inspection.rules.isoPrefixHelp')}
        validate={(v) => (ISO_PREFIX.test(v.trim()) ? null : t('rules.isoPrefixInvalid'))}
      />
      <TextInput label={t('rules.labelSv')} name="sv" value={sv} onChange={setSv} isRequired maxLength={300} />
      <TextInput label={t('rules.labelEn')} name="en" value={en} onChange={setEn} isRequired maxLength={300} />
      {items.map((x, i) => (
        <fieldset key={x.key} className="fieldset">
          <legend>{t('inspection.rules.item', { n: i + 1 })}</legend>
          <TextInput label={t('rules.labelSv')} name={`items.${i}.sv`} value={x.sv} onChange={(v) => set(x.key, 'sv', v)} isRequired maxLength={300} />
          <TextInput label={t('rules.labelEn')} name={`items.${i}.en`} value={x.en} onChange={(v) => set(x.key, 'en', v)} isRequired maxLength={300} />
          <div className="button-row">
            <Btn variant="quiet" onPress={() => setItems((s) => s.filter((y) => y.key !== x.key))}>
              {t('inspection.rules.removeItem', { n: i + 1 })}
            </Btn>
          </div>
        </fieldset>
      ))}
      <div className="button-row">
        <Btn onPress={() => setItems((s) => [...s, { code: '', sv: '', en: '', key: Math.max(0, ...s.map((y) => y.key)) + 1 }])}>
          {t('inspection.rules.addItem')}
        </Btn>
      </div>
    </FormDialog>
  );
}
