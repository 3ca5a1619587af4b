import { Link } from 'react-aria-components';
import { Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { UnitCard } from './provision-api.ts';
import { workOrderHref } from './work-order-api.ts';
import { workOrderStateLabel } from './WorkOrderPage.tsx';

/** The unit card's work-order history: every work order on the unit, newest first. */
export function UnitWorkOrders({ workOrders }: { workOrders: UnitCard['workOrders'] }) {
  const { t, locale, formatDate } = useI18n();
  return (
    <Section title={t('hmc.workOrders')} id="work-orders">
      {workOrders.length ? (
        <ul className="event-list">
          {workOrders.map((w) => (
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
          ))}
        </ul>
      ) : (
        <p className="empty">{t('hmc.noneYet')}</p>
      )}
    </Section>
  );
}
