import type { WorkOrderTypeInfo } from '../../api/types.ts';
import { CheckboxInput, SelectInput, TextAreaInput, TextInput } from '../../components/fields.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { DraftForm } from './draft-form.ts';
import { useOrderTypes } from './OrderBits.tsx';
import { attachmentKindLabel, codeOptions, deviationKindLabel, deviationKinds, faultCategories, faultCategoryLabel } from './order-format.ts';

type Patch = (p: Partial<DraftForm>) => void;

export function WorkOrderFields({ form, patch, types }: { form: DraftForm; patch: Patch; types: readonly WorkOrderTypeInfo[] }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const w = form.workOrder;
  const set = (p: Partial<DraftForm['workOrder']>) => patch({ workOrder: { ...w, ...p } });
  const chosen = types.find((x) => x.code === w.typeCode);
  const help = chosen?.requiredAttachments.length
    ? t('workOrder.requires', { list: chosen.requiredAttachments.map((k) => attachmentKindLabel(i18n, k).toLowerCase()).join(', ') })
    : chosen?.urgent
      ? t('workOrder.urgentType')
      : t('workOrder.typeHelp');
  return (
    <div className="stack">
      <SelectInput
        label={t('workOrder.type')}
        name="workOrderType"
        value={w.typeCode || null}
        onChange={(k) => set({ typeCode: k ?? '' })}
        isRequired
        description={help}
        options={types.map((x) => ({ id: x.code, label: x[locale] }))}
      />
      <TextAreaInput
        label={t('workOrder.description')}
        name="workOrderDescription"
        value={w.description}
        onChange={(x) => set({ description: x })}
        isRequired
        maxLength={4000}
        description={t('workOrder.descriptionHelp')}
      />
      <TextInput
        label={t('workOrder.preferredDate')}
        name="preferredDate"
        type="date"
        value={w.preferredDate}
        onChange={(x) => set({ preferredDate: x })}
        description={t('workOrder.preferredDateHelp')}
      />
      {chosen?.fromDelivery ? (
        <div>
          <CheckboxInput isSelected={w.twoTrades} onChange={(v) => set({ twoTrades: v })} name="twoTrades">
            {t('matrix.workOrder.twoTrades')}
          </CheckboxInput>
          <p className="help-text">{t('matrix.workOrder.twoTradesHelp')}</p>
        </div>
      ) : null}
    </div>
  );
}

export function FaultReportFields({ form, patch }: { form: DraftForm; patch: Patch }) {
  const { t, locale } = useI18n();
  // The centre's current categories (names a region edits; retired ones not offered), the contract's until loaded.
  const lists = useOrderTypes().data;
  const f = form.faultReport;
  const set = (p: Partial<DraftForm['faultReport']>) => patch({ faultReport: { ...f, ...p } });
  return (
    <div className="stack">
      <SelectInput
        label={t('faultReport.category')}
        name="faultCategory"
        value={f.category || null}
        onChange={(k) => set({ category: k ?? '' })}
        isRequired
        options={lists ? codeOptions(lists.faultCategories, locale, f.category) : faultCategories.map((c) => ({ id: c, label: faultCategoryLabel(locale, c) }))}
      />
      <TextAreaInput
        label={t('faultReport.description')}
        name="faultDescription"
        value={f.description}
        onChange={(x) => set({ description: x })}
        isRequired
        maxLength={4000}
      />
      <TextInput
        label={t('faultReport.relatedOrder')}
        name="relatedOrderNumber"
        value={f.relatedOrderNumber}
        onChange={(x) => set({ relatedOrderNumber: x })}
        maxLength={40}
        description={t('faultReport.relatedOrderHelp')}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
}

export function DeviationFields({ form, patch }: { form: DraftForm; patch: Patch }) {
  const i18n = useI18n();
  const { t } = i18n;
  const lists = useOrderTypes().data;
  const d = form.deviation;
  const set = (p: Partial<DraftForm['deviation']>) => patch({ deviation: { ...d, ...p } });
  return (
    <div className="stack">
      <SelectInput
        label={t('deviation.kind')}
        name="deviationKind"
        value={d.kind || null}
        onChange={(k) => set({ kind: k ?? '' })}
        isRequired
        options={lists ? codeOptions(lists.deviationKinds, i18n.locale, d.kind) : deviationKinds.map((k) => ({ id: k, label: deviationKindLabel(i18n, k) }))}
      />
      <TextAreaInput
        label={t('deviation.description')}
        name="deviationDescription"
        value={d.description}
        onChange={(x) => set({ description: x })}
        isRequired
        maxLength={4000}
        description={t('deviation.descriptionHelp')}
      />
      <TextInput label={t('deviation.occurredOn')} name="occurredOn" type="date" value={d.occurredOn} onChange={(x) => set({ occurredOn: x })} />
      <p className="help-text" id="deviation-device-help">
        {t('quality.deviation.deviceHelp')}
      </p>
      <TextInput
        label={t('quality.deviation.unitNumber')}
        name="deviationUnitNumber"
        value={d.unitNumber}
        onChange={(x) => set({ unitNumber: x })}
        maxLength={40}
        autoComplete="off"
      />
      <TextInput
        label={t('quality.deviation.articleNumber')}
        name="deviationArticleNumber"
        value={d.articleNumber}
        onChange={(x) => set({ articleNumber: x })}
        maxLength={40}
        autoComplete="off"
      />
    </div>
  );
}

export function LostDeviceFields({ form, patch }: { form: DraftForm; patch: Patch }) {
  const { t } = useI18n();
  const l = form.lostDevice;
  const set = (p: Partial<DraftForm['lostDevice']>) => patch({ lostDevice: { ...l, ...p } });
  return (
    <div className="stack">
      <TextAreaInput
        label={t('lostDevice.description')}
        name="lostDescription"
        value={l.description}
        onChange={(x) => set({ description: x })}
        isRequired
        maxLength={4000}
      />
      <TextInput label={t('lostDevice.lostOn')} name="lostOn" type="date" value={l.lostOn} onChange={(x) => set({ lostOn: x })} />
    </div>
  );
}
