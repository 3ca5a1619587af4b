import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Form, Switch } from 'react-aria-components';
import { $api, dataOf, fetchClient, isApiError } from '../../api/client.ts';
import { issuesByField } from '../../api/errors.ts';
import {
  CHARGING_FORMS,
  STOCK_FORMS,
  type Article,
  type ArticleCreate,
  type ArticleFields,
  type ChargingForm,
  type Profession,
  type StockForm,
} from '../../api/types.ts';
import { CheckboxInput, SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { Btn, ErrorAlert, Loading, Page, Section, setFlash, SuccessMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { navigate } from '../../router.ts';
import { validators } from '../../validation.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { articleMissing, useArticle } from './ArticlePage.tsx';
import { articleHref, chargingFormLabel, stockFormLabel } from './catalogue-format.ts';
import { FitsEditor } from './FitsEditor.tsx';
import { MediaEditor } from './MediaEditor.tsx';

/** A React Aria Switch for an on/off flag that takes effect when the form is saved. */
export function SwitchInput({
  children,
  isSelected,
  onChange,
  name,
  description,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (v: boolean) => void;
  name: string;
  description?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="switch-field">
      <Switch className="switch" isSelected={isSelected} onChange={onChange} name={name}>
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-label">{children}</span>
        <span className="switch-state" aria-hidden="true">
          {isSelected ? t('common.on') : t('common.off')}
        </span>
      </Switch>
      {description ? <p className="field-help">{description}</p> : null}
    </div>
  );
}

interface Draft {
  name: string;
  description: string;
  articleType: string;
  isoCode: string;
  chargingForm: ChargingForm | null;
  stockForm: StockForm;
  unitTracked: boolean;
  serialRequired: boolean;
  inspectionIntervalMonths: string;
  maintenanceIntervalMonths: string;
  depreciationYears: 'none' | '3' | '5';
  unit: string;
  published: boolean;
  orderable: boolean;
  inAssortment: boolean;
  mayBeComponent: boolean;
  prescribedBy: Profession[];
  supplierId: string | null;
  supplierArticleNumber: string;
  gtin: string;
}

const emptyDraft = (): Draft => ({
  name: '',
  description: '',
  articleType: 'H',
  isoCode: '',
  chargingForm: null,
  stockForm: 'stock',
  unitTracked: false,
  serialRequired: false,
  inspectionIntervalMonths: '',
  maintenanceIntervalMonths: '',
  depreciationYears: 'none',
  unit: 'st',
  published: false,
  orderable: false,
  inAssortment: false,
  mayBeComponent: false,
  prescribedBy: [],
  supplierId: null,
  supplierArticleNumber: '',
  gtin: '',
});

function fromArticle(a: Article): Draft {
  return {
    name: a.name,
    description: a.description ?? '',
    articleType: a.articleType,
    isoCode: a.isoCode ?? '',
    chargingForm: a.chargingForm,
    stockForm: a.stockForm,
    unitTracked: a.unitTracked,
    serialRequired: a.serialRequired,
    inspectionIntervalMonths: a.inspectionIntervalMonths == null ? '' : String(a.inspectionIntervalMonths),
    maintenanceIntervalMonths: a.maintenanceIntervalMonths == null ? '' : String(a.maintenanceIntervalMonths),
    depreciationYears: a.depreciationYears === 3 ? '3' : a.depreciationYears === 5 ? '5' : 'none',
    unit: a.unit,
    published: a.published,
    orderable: a.orderable,
    inAssortment: a.inAssortment,
    mayBeComponent: a.mayBeComponent,
    prescribedBy: a.prescribedBy as Profession[],
    supplierId: a.supplier?.id ?? null,
    supplierArticleNumber: a.supplierArticleNumber ?? '',
    gtin: a.gtin ?? '',
  };
}

const intOrNull = (s: string) => (s.trim() ? Number(s.trim()) : null);

function toFields(d: Draft): ArticleFields {
  return {
    name: d.name.trim(),
    description: d.description.trim() || null,
    articleType: d.articleType.trim(),
    isoCode: d.isoCode.trim() || null,
    isoEdition: '2022',
    chargingForm: d.chargingForm ?? 'sale',
    stockForm: d.stockForm,
    unitTracked: d.unitTracked,
    serialRequired: d.serialRequired,
    inspectionIntervalMonths: intOrNull(d.inspectionIntervalMonths),
    maintenanceIntervalMonths: intOrNull(d.maintenanceIntervalMonths),
    depreciationYears: d.depreciationYears === 'none' ? null : d.depreciationYears === '3' ? 3 : 5,
    unit: d.unit.trim(),
    published: d.published,
    orderable: d.orderable,
    inAssortment: d.inAssortment,
    mayBeComponent: d.mayBeComponent,
    prescribedBy: d.prescribedBy,
  };
}

/** The professions that prescribe devices (issue 15 item 10): an article may name those that usually prescribe it. */
const PRESCRIBING: Profession[] = ['occupationalTherapist', 'physiotherapist', 'nurse', 'doctor', 'speechTherapist', 'assistantNurse'];

/** Only the fields that differ from the article as it was read (PATCH leaves the others alone). */
function changedFields(a: Article, f: ArticleFields): Partial<ArticleFields> {
  const out: Record<string, unknown> = {};
  const before: Record<string, unknown> = { ...a, isoEdition: a.isoEdition ?? '2022' };
  for (const [k, v] of Object.entries(f)) {
    if (k === 'isoEdition' && (f.isoCode ?? null) === (a.isoCode ?? null)) continue;
    if ((before[k] ?? null) !== (v ?? null)) out[k] = v;
  }
  return out as Partial<ArticleFields>;
}

/** /artiklar/ny and /artiklar/:id/redigera: the assortment role's form for an article. */
export function ArticleEditPage({ id }: { id: string | null }) {
  const { t } = useI18n();
  const article = useArticle(id);
  // Only a new article chooses its supplier.
  const suppliers = $api.useQuery('get', '/api/catalogue/suppliers', {}, { enabled: !id });
  const [saved, setSaved] = useState<string | null>(null);

  if (articleMissing(article.error)) return <NotFoundPage message={t('article.notFound')} />;
  const a = article.data;
  const title = id ? (a ? t('articleEdit.title', { name: a.name }) : t('common.loading')) : t('articleEdit.newTitle');
  const crumbs = [
    { href: '/artiklar', label: t('articles.title') },
    ...(a ? [{ href: articleHref(a.id), label: a.name }] : []),
    { label: id ? t('article.edit') : t('articleEdit.newTitle') },
  ];
  // While the article reloads (after an upload or a conflict) the page keeps showing what it has.
  const ready = id ? !!a : !suppliers.isPending;
  return (
    <Page title={title} breadcrumbs={crumbs}>
      {saved ? <SuccessMessage>{saved}</SuccessMessage> : null}
      <ErrorAlert error={article.error ?? suppliers.error} />
      {!ready ? (
        <Loading />
      ) : (
        <>
          <ArticleForm
            key={a ? `${a.id}-${a.version}` : 'new'}
            article={a ?? null}
            suppliers={suppliers.data ?? []}
            onSaved={(na) => {
              article.setData(na);
              setSaved(t('articleEdit.saved'));
            }}
            onReload={() => {
              setSaved(null);
              void article.refresh();
            }}
          />
          {a ? (
            <>
              <FitsEditor article={a} onChanged={(na) => (article.setData(na), setSaved(t('fits.saved')))} />
              <MediaEditor article={a} onChanged={() => article.refresh()} />
            </>
          ) : null}
        </>
      )}
    </Page>
  );
}

function ArticleForm({
  article,
  suppliers,
  onSaved,
  onReload,
}: {
  article: Article | null;
  suppliers: { id: string; name: string }[];
  onSaved: (a: Article) => void;
  onReload: () => void;
}) {
  const { t, collator } = useI18n();
  const v = validators(t);
  const [d, setD] = useState<Draft>(() => (article ? fromArticle(article) : emptyDraft()));
  const save = useMutation({
    mutationFn: async (): Promise<Article | null> => {
      const fields = toFields(d);
      if (!article) {
        const input: ArticleCreate = {
          ...fields,
          supplierId: d.supplierId,
          supplierArticleNumber: d.supplierArticleNumber.trim() || null,
          gtin: d.gtin.trim() || null,
        };
        const created = await fetchClient.POST('/api/catalogue/articles', { body: input }).then(dataOf);
        setFlash(t('articleEdit.created', { number: created.articleNumber }));
        navigate(articleHref(created.id), { replace: true });
        return null;
      }
      return fetchClient
        .PATCH('/api/catalogue/articles/{id}', { params: { path: { id: article.id } }, body: { version: article.version, ...changedFields(article, fields) } })
        .then(dataOf);
    },
    onSuccess: (updated) => (updated ? onSaved(updated) : undefined),
  });
  const error = save.error;
  const pending = save.isPending;
  const set = <K extends keyof Draft>(k: K, val: Draft[K]) => setD((x) => ({ ...x, [k]: val }));
  const conflict = isApiError(error) && error.code === 'CONFLICT' && !!article;

  const typeOptions = [
    { id: 'H', label: t('articleType.H') },
    { id: 'T', label: t('articleType.T') },
    { id: 'R', label: t('articleType.R') },
    ...(['H', 'T', 'R'].includes(d.articleType) ? [] : [{ id: d.articleType, label: d.articleType }]),
  ];
  const chargingOptions = CHARGING_FORMS.map((f) => ({ id: f, label: chargingFormLabel(t, f) }));
  const stockOptions = STOCK_FORMS.map((f) => ({ id: f, label: stockFormLabel(t, f) }));
  const depreciationOptions = [
    { id: 'none' as const, label: t('common.notSet') },
    { id: '3' as const, label: t('article.years', { count: 3 }) },
    { id: '5' as const, label: t('article.years', { count: 5 }) },
  ];
  const supplierOptions = [
    { id: 'none', label: t('articleEdit.noSupplier') },
    ...[...suppliers].sort((x, y) => collator.compare(x.name, y.name)).map((s) => ({ id: s.id, label: s.name })),
  ];
  const months = (x: string) => (!x.trim() || (/^\d+$/.test(x.trim()) && Number(x) >= 1 && Number(x) <= 120) ? null : t('validation.months'));
  const iso = (x: string) => (!x.trim() || /^\d{2}( ?\d{2}){0,2}$/.test(x.trim()) ? null : t('validation.isoCode'));

  const shownFields = [
    'name',
    'description',
    'articleType',
    'isoCode',
    'chargingForm',
    'stockForm',
    'inspectionIntervalMonths',
    'maintenanceIntervalMonths',
    'unit',
    'supplierArticleNumber',
    'gtin',
  ];

  return (
    <Form
      className="form"
      validationErrors={issuesByField(error)}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="help-text">{t('common.requiredNote')}</p>
      {conflict ? (
        <div className="alert alert--error" role="alert">
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <div className="alert-body">
            <p className="alert-title">{t('articleEdit.conflict')}</p>
            <div className="button-row">
              <Btn onPress={onReload}>{t('articleEdit.reload')}</Btn>
            </div>
          </div>
        </div>
      ) : (
        <ErrorAlert error={error} shownFields={shownFields} />
      )}
      <Section title={t('articleEdit.basics')} id="basics">
        <TextInput label={t('field.name')} name="name" value={d.name} onChange={(x) => set('name', x)} isRequired validate={v.required} maxLength={200} />
        <TextAreaInput
          label={t('articleEdit.description')}
          name="description"
          value={d.description}
          onChange={(x) => set('description', x)}
          maxLength={5000}
          rows={4}
        />
        <div className="field-row">
          <SelectInput
            label={t('article.type')}
            name="articleType"
            value={d.articleType}
            onChange={(x) => set('articleType', x ?? 'H')}
            options={typeOptions}
            isRequired
          />
          <TextInput
            label={t('article.iso')}
            name="isoCode"
            value={d.isoCode}
            onChange={(x) => set('isoCode', x)}
            description={t('articleEdit.isoHelp')}
            validate={iso}
            maxLength={20}
            inputMode="numeric"
            spellCheck={false}
          />
        </div>
        {!article ? (
          <div className="field-row">
            <SelectInput
              label={t('article.supplier')}
              name="supplierId"
              value={d.supplierId ?? 'none'}
              onChange={(x) => set('supplierId', x && x !== 'none' ? x : null)}
              options={supplierOptions}
            />
            <TextInput
              label={t('article.supplierArticleNumber')}
              name="supplierArticleNumber"
              value={d.supplierArticleNumber}
              onChange={(x) => set('supplierArticleNumber', x)}
              maxLength={100}
              spellCheck={false}
            />
            <TextInput
              label={t('article.gtin')}
              name="gtin"
              value={d.gtin}
              onChange={(x) => set('gtin', x)}
              maxLength={14}
              inputMode="numeric"
              description={t('articleEdit.gtinHelp')}
              validate={(x) => (!x.trim() || /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(x.trim()) ? null : t('validation.gtin'))}
            />
          </div>
        ) : null}
      </Section>
      <Section title={t('articleEdit.handling')} id="handling">
        <div className="field-row">
          <SelectInput
            label={t('article.chargingForm')}
            name="chargingForm"
            value={d.chargingForm}
            onChange={(x) => set('chargingForm', x)}
            options={chargingOptions}
            isRequired
          />
          <SelectInput
            label={t('article.stockForm')}
            name="stockForm"
            value={d.stockForm}
            onChange={(x) => set('stockForm', x ?? 'stock')}
            options={stockOptions}
            isRequired
          />
          <TextInput label={t('article.unit')} name="unit" value={d.unit} onChange={(x) => set('unit', x)} isRequired validate={v.required} maxLength={20} />
        </div>
        <div className="field-row">
          <TextInput
            label={t('articleEdit.inspectionMonths')}
            name="inspectionIntervalMonths"
            value={d.inspectionIntervalMonths}
            onChange={(x) => set('inspectionIntervalMonths', x)}
            validate={months}
            inputMode="numeric"
            maxLength={3}
          />
          <TextInput
            label={t('articleEdit.maintenanceMonths')}
            name="maintenanceIntervalMonths"
            value={d.maintenanceIntervalMonths}
            onChange={(x) => set('maintenanceIntervalMonths', x)}
            validate={months}
            inputMode="numeric"
            maxLength={3}
          />
          <SelectInput
            label={t('article.depreciation')}
            name="depreciationYears"
            value={d.depreciationYears}
            onChange={(x) => set('depreciationYears', x ?? 'none')}
            options={depreciationOptions}
          />
        </div>
        <div className="checkbox-row">
          <CheckboxInput isSelected={d.unitTracked} onChange={(x) => set('unitTracked', x)} name="unitTracked">
            {t('article.unitTracked')}
          </CheckboxInput>
          <CheckboxInput isSelected={d.serialRequired} onChange={(x) => set('serialRequired', x)} name="serialRequired">
            {t('articleEdit.serialRequired')}
          </CheckboxInput>
          <CheckboxInput isSelected={d.mayBeComponent} onChange={(x) => set('mayBeComponent', x)} name="mayBeComponent">
            {t('articleEdit.mayBeComponent')}
          </CheckboxInput>
        </div>
        <fieldset className="checkbox-row" aria-describedby="prescribed-by-help">
          <legend>{t('matrix.article.prescribedBy')}</legend>
          {PRESCRIBING.map((p) => (
            <CheckboxInput
              key={p}
              isSelected={d.prescribedBy.includes(p)}
              onChange={(x) => set('prescribedBy', x ? [...d.prescribedBy, p] : d.prescribedBy.filter((q) => q !== p))}
              name={`prescribedBy-${p}`}
            >
              {t(`profession.${p}`)}
            </CheckboxInput>
          ))}
          <p className="help-text" id="prescribed-by-help">
            {t('matrix.article.prescribedByHelp')}
          </p>
        </fieldset>
      </Section>
      <Section title={t('articleEdit.flags')} id="flags">
        <SwitchInput isSelected={d.published} onChange={(x) => set('published', x)} name="published" description={t('articleEdit.publishedHelp')}>
          {t('articleEdit.published')}
        </SwitchInput>
        <SwitchInput isSelected={d.orderable} onChange={(x) => set('orderable', x)} name="orderable" description={t('articleEdit.orderableHelp')}>
          {t('articles.orderable')}
        </SwitchInput>
        <SwitchInput isSelected={d.inAssortment} onChange={(x) => set('inAssortment', x)} name="inAssortment" description={t('articleEdit.inAssortmentHelp')}>
          {t('articles.inAssortment')}
        </SwitchInput>
      </Section>
      <div className="form-footer">
        <Btn type="submit" variant="primary" isPending={pending}>
          {article ? t('common.save') : t('articleEdit.create')}
        </Btn>
      </div>
    </Form>
  );
}
