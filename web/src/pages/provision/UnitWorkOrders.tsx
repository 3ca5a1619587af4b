import { Link } from 'react-aria-components';
import { Badge, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { UnitCard } from './provision-api.ts';
import { workOrderHref } from './work-order-api.ts';
import { workOrderStateLabel } from './WorkOrderPage.tsx';

type HistoryEntry = UnitCard['workOrders'][number];
type InspectionEntry = Extract<HistoryEntry, { kind: 'inspection' }>;

const TONE = { approved: 'ok', approvedWithRemarks: 'info', failed: 'warn' } as const;

/**
 * The unit card's work-order history, newest first: the work orders from the ordering side (each links to its page)
 * and the centre's inspections (BES-…), each opening its protocol in place.
 */
export function UnitWorkOrders({ workOrders }: { workOrders: UnitCard['workOrders'] }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <Section title={t('hmc.workOrders')} id="work-orders">
      {workOrders.length ? (
        <ul className="event-list">
          {workOrders.map((w) =>
            w.kind === 'inspection' ? (
              <InspectionWorkOrder key={w.inspectionId} w={w} />
            ) : (
              <li key={w.orderId}>
                <Link className="link" href={workOrderHref(w.orderId)}>
                  {w.centreOrderNumber}
                </Link>
                <span>{locale === 'sv' ? w.typeSv : w.typeEn}</span>
                <span>{workOrderStateLabel(t, w.state)}</span>
                <span className="muted">
                  {formatDate(w.receivedAt)}
                  {w.doneAt ? ` – ${formatDate(w.doneAt)}` : ''}
                  {w.minutesSpent !== null ? ` · ${t('wo.minutes', { count: w.minutesSpent })}` : ''}
                </span>
                {w.notes ? <span>{w.notes}</span> : null}
              </li>
            ),
          )}
        </ul>
      ) : (
        <p className="empty">{t('hmc.noneYet')}</p>
      )}
    </Section>
  );
}

function InspectionWorkOrder({ w }: { w: InspectionEntry }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <li className="inspection-work-order">
      <strong>{w.inspectionNumber}</strong>
      <span>{locale === 'sv' ? w.typeSv : w.typeEn}</span>
      <span>{workOrderStateLabel(t, w.state)}</span>
      <span className="muted">
        {formatDate(w.inspectedOn)} · {t('inspection.by', { name: w.technician })}
      </span>
      <Badge tone={TONE[w.result]}>{t(`inspection.result.${w.result}`)}</Badge>
      {w.comment ? <span>{w.comment}</span> : null}
      <details className="inspection-protocol">
        <summary>{t('inspection.protocolOf', { number: w.inspectionNumber })}</summary>
        <p>{w.checklistName}</p>
        <ul>
          {w.checklist.map((c) => (
            <li key={c.code}>
              {locale === 'en' ? c.en : c.sv}: <strong>{c.ok ? t('inspection.itemOk') : t('inspection.itemNotOk')}</strong>
              {c.comment ? ` – ${c.comment}` : ''}
            </li>
          ))}
        </ul>
        {w.nextInspectionOn ? (
          <p>
            {t('inspection.nextOn')}: {formatDate(w.nextInspectionOn)}
          </p>
        ) : null}
      </details>
    </li>
  );
}
