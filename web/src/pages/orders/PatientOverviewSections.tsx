import { $api } from '../../api/client.ts';
import { Cell, Column, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { PatientDevice, PatientOverview } from '../../api/types.ts';
import { Badge, ButtonLink, ErrorAlert, Loading, Section, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { OrdersTable } from './OrdersTable.tsx';
import { endReasonLabel, newOrderHref, orderHref } from './order-format.ts';
import './orders.css';

const STATUS_TONE: Record<NonNullable<PatientDevice['status']>, 'ok' | 'muted' | 'warn' | 'info'> = {
  onLoan: 'ok',
  purchased: 'ok',
  failedInspection: 'warn',
  workOrderOrdered: 'info',
  faultReported: 'warn',
  inRepair: 'warn',
  reportedLost: 'warn',
  deinstallationOrdered: 'info',
  pickUpOrdered: 'info',
  pickedUp: 'muted',
};

/** The unit's status (issue 16 item 10), linking to the open order it comes from. */
function DeviceStatusBadge({ device: d }: { device: PatientDevice }) {
  const { t } = useI18n();
  if (!d.status) return null;
  const label = t(`devices.status.${d.status}`);
  const badge = <Badge tone={STATUS_TONE[d.status]}>{label}</Badge>;
  return d.statusOrderId ? (
    <Link className="link" href={orderHref(d.statusOrderId)} aria-label={t('devices.statusOrder', { status: label, unit: d.unitNumber })}>
      {badge}
    </Link>
  ) : (
    badge
  );
}

/** What the patient has now: unit, article, serial number, since when, customer; pick-up and work order per unit. */
export function PatientDevicesSection({ patientId, overview }: { patientId: string; overview: PatientOverview | undefined }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const { hasRole } = useSession();
  const prescriber = hasRole('prescriber');
  const current = overview?.currentDevices ?? [];
  const past = overview?.pastDevices ?? [];
  const actions = (
    <div className="button-row">
      <ButtonLink href={newOrderHref({ patientId })} variant="primary">
        {t('orders.new')}
      </ButtonLink>
      {prescriber ? <ButtonLink href={newOrderHref({ patientId, type: 'pickUp' })}>{t('devices.orderPickUp')}</ButtonLink> : null}
      <ButtonLink href={newOrderHref({ patientId, type: 'workOrder' })}>{t('devices.workOrder')}</ButtonLink>
      <ButtonLink href={newOrderHref({ patientId, type: 'faultReport' })}>{t('devices.faultOrDeviation')}</ButtonLink>
    </div>
  );
  const rowActions = (d: PatientDevice) =>
    d.pickUpOrderId ? (
      <Link className="link" href={orderHref(d.pickUpOrderId)} aria-label={t('devices.pickUpOrderFor', { unit: d.unitNumber })}>
        {t('devices.showPickUp')}
      </Link>
    ) : (
      <span className="link-row">
        {prescriber ? (
          <Link
            className="link"
            href={newOrderHref({ patientId, type: 'pickUp', units: [d.unitNumber] })}
            aria-label={t('devices.pickUpNamed', { unit: d.unitNumber })}
          >
            {t('devices.pickUp')}
          </Link>
        ) : null}
        <Link
          className="link"
          href={newOrderHref({ patientId, type: 'workOrder', units: [d.unitNumber] })}
          aria-label={t('devices.workOrderNamed', { unit: d.unitNumber })}
        >
          {t('devices.workOrderShort')}
        </Link>
        <Link
          className="link"
          href={newOrderHref({ patientId, type: 'faultReport', relatedOrder: d.orderNumber })}
          aria-label={t('devices.reportFaultNamed', { unit: d.unitNumber })}
        >
          {t('devices.reportFault')}
        </Link>
        {prescriber ? (
          <Link
            className="link"
            href={newOrderHref({ patientId, type: 'deviation', units: [d.unitNumber] })}
            aria-label={t('devices.deviationNamed', { unit: d.unitNumber })}
          >
            {t('devices.deviation')}
          </Link>
        ) : null}
      </span>
    );

  return (
    <Section title={t('patient.devices')} id="devices">
      {actions}
      {!overview ? (
        <Loading />
      ) : (
        <>
          <h3 className="subheading">{t('devices.current')}</h3>
          <TableScroll>
            <Table aria-label={t('devices.current')} className="table">
              <TableHeader>
                <Column isRowHeader className="col">
                  {t('devices.colUnit')}
                </Column>
                <Column className="col">{t('devices.colArticle')}</Column>
                <Column className="col">{t('devices.serial')}</Column>
                <Column className="col">{t('devices.since')}</Column>
                <Column className="col">{t('orders.customer')}</Column>
                <Column className="col">{t('common.status')}</Column>
                <Column className="col">{t('common.actions')}</Column>
              </TableHeader>
              <TableBody items={current} renderEmptyState={() => <p className="empty">{t('devices.noneCurrent')}</p>}>
                {(d) => (
                  <Row id={d.id} className="row">
                    <Cell className="cell mono nowrap">{d.unitNumber}</Cell>
                    <Cell className="cell">
                      {d.articleName} <span className="mono muted small">{d.articleNumber}</span>
                    </Cell>
                    <Cell className="cell mono">{d.serialNumber ?? ''}</Cell>
                    <Cell className="cell nowrap">{formatDate(d.since)}</Cell>
                    <Cell className="cell">{d.customerName ?? ''}</Cell>
                    <Cell className="cell">
                      <DeviceStatusBadge device={d} />
                      {d.failedInspectionOn ? (
                        <div className="small">
                          {t('devices.failedInspection', { date: formatDate(d.failedInspectionOn), remark: d.failedInspectionRemark ?? '' })}
                        </div>
                      ) : null}
                    </Cell>
                    <Cell className="cell">{rowActions(d)}</Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </TableScroll>
          {past.length ? (
            <>
              <h3 className="subheading">{t('devices.past')}</h3>
              <TableScroll>
                <Table aria-label={t('devices.past')} className="table">
                  <TableHeader>
                    <Column isRowHeader className="col">
                      {t('devices.colUnit')}
                    </Column>
                    <Column className="col">{t('devices.colArticle')}</Column>
                    <Column className="col">{t('devices.serial')}</Column>
                    <Column className="col">{t('devices.since')}</Column>
                    <Column className="col">{t('devices.until')}</Column>
                    <Column className="col">{t('devices.endReason')}</Column>
                  </TableHeader>
                  <TableBody items={past}>
                    {(d) => (
                      <Row id={d.id} className="row">
                        <Cell className="cell mono nowrap">{d.unitNumber}</Cell>
                        <Cell className="cell">
                          {d.articleName} <span className="mono muted small">{d.articleNumber}</span>
                        </Cell>
                        <Cell className="cell mono">{d.serialNumber ?? ''}</Cell>
                        <Cell className="cell nowrap">{formatDate(d.since)}</Cell>
                        <Cell className="cell nowrap">{formatDate(d.until)}</Cell>
                        <Cell className="cell">{endReasonLabel(i18n, d.endReason)}</Cell>
                      </Row>
                    )}
                  </TableBody>
                </Table>
              </TableScroll>
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}

/** The patient's orders, open first, then the finished ones; each links to its page with the timeline. */
export function PatientOrdersSection({ overview }: { overview: PatientOverview | undefined }) {
  const { t } = useI18n();
  return (
    <Section title={t('patient.orders')} id="orders">
      {!overview ? (
        <Loading />
      ) : (
        <>
          <h3 className="subheading">{t('patientOrders.open')}</h3>
          <OrdersTable items={overview.openOrders} label={t('patientOrders.open')} empty={t('patientOrders.noneOpen')} />
          {overview.pastOrders.length ? (
            <>
              <h3 className="subheading">{t('patientOrders.past')}</h3>
              <OrdersTable items={overview.pastOrders} label={t('patientOrders.past')} empty={t('patientOrders.noneOpen')} />
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}

/** Both sections of the patient page from one request (GET /api/patients/:id/overview, audit-logged). */
export function PatientOverviewSections({ patientId }: { patientId: string }) {
  const overview = $api.useQuery('get', '/api/patients/{id}/overview', { params: { path: { id: patientId } } });
  return (
    <>
      {overview.error ? <ErrorAlert error={overview.error} /> : null}
      <PatientDevicesSection patientId={patientId} overview={overview.data} />
      <PatientOrdersSection overview={overview.data} />
    </>
  );
}
