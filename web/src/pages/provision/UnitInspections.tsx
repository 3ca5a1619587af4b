import { Badge, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { UnitCard } from './provision-api.ts';

const TONE = { approved: 'ok', approvedWithRemarks: 'info', failed: 'warn' } as const;

/** The unit card's inspections (besiktningar), newest first: result, the items not OK, the remark and the next date. */
export function UnitInspections({ inspections }: { inspections: UnitCard['inspections'] }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <Section title={t('hmc.inspections')} id="inspections">
      {inspections.length ? (
        <ul className="event-list">
          {inspections.map((i) => (
            <li key={i.id}>
              <span className="nowrap">{formatDate(i.inspectedOn)}</span>
              <Badge tone={TONE[i.result]}>{t(`inspection.result.${i.result}`)}</Badge>
              <span>{i.checklistName}</span>
              {i.checklist
                .filter((c) => !c.ok)
                .map((c) => (
                  <span key={c.code}>
                    {t('inspection.cardItemNotOk', { item: locale === 'en' ? c.en : c.sv })}
                    {c.comment ? ` – ${c.comment}` : ''}
                  </span>
                ))}
              {i.comment ? <span>{i.comment}</span> : null}
              {i.nextInspectionOn ? (
                <span>
                  {t('inspection.nextOn')}: {formatDate(i.nextInspectionOn)}
                </span>
              ) : null}
              <span className="muted">{t('inspection.by', { name: i.technicianName })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('inspection.unitCardNone')}</p>
      )}
    </Section>
  );
}
