import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import type { FollowUpItem } from '../../api/types.ts';
import { TextAreaInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { orderHref, patientPageHref } from './order-format.ts';
import './orders.css';

/**
 * "Mina uppföljningar" (issue 16 item 7): the prescriber's follow-ups due within a week and those overdue, soonest
 * first, each with patient (initials for a protected identity), order, devices and date; one is marked done with an
 * optional note. Reading the list is a read of patient data: the server logs it.
 */
export function FollowUpsPage() {
  const { t, formatDate } = useI18n();
  const list = $api.useQuery('get', '/api/ordering/follow-ups', {}, { throwOnError: false });
  const invalidate = useInvalidate();
  const [marking, setMarking] = useState<FollowUpItem | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  // The row pressed is gone: focus goes to the message that says it is done (WCAG 2.4.3).
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const items = list.data?.items ?? [];
  return (
    <Page title={t('followUps.title')} intro={list.data ? t('followUps.intro', { date: formatDate(list.data.horizon) }) : undefined}>
      <div ref={doneRef} tabIndex={-1} role="status" className={done ? 'alert alert--success' : 'visually-hidden'}>
        {done ? (
          <>
            <span className="alert-icon" aria-hidden="true">
              ✓
            </span>
            <div className="alert-body">
              <p className="alert-title">{done}</p>
            </div>
          </>
        ) : null}
      </div>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('followUps.empty')}</p>
      ) : (
        <TableScroll>
          <table className="table follow-up-table">
            <caption className="visually-hidden">{t('followUps.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('followUps.due')}</th>
                <th scope="col">{t('followUps.patient')}</th>
                <th scope="col">{t('followUps.order')}</th>
                <th scope="col">{t('followUps.articles')}</th>
                <th scope="col">{t('followUps.responsible')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('followUps.markDone')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr key={f.id}>
                  <td className="nowrap">
                    {formatDate(f.dueDate)}
                    {f.overdue ? (
                      <>
                        {' '}
                        <Badge tone="warn">{t('followUps.overdue')}</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {f.patient ? (
                      <Link className="link" href={patientPageHref(f.patient.id)}>
                        {f.patient.name}
                      </Link>
                    ) : null}
                  </td>
                  <th scope="row" className="nowrap">
                    <Link className="link mono" href={orderHref(f.order.id)}>
                      {f.order.orderNumber ?? ''}
                    </Link>
                  </th>
                  <td>
                    {f.articles.join(', ')}
                    {f.aim ? (
                      <span className="block small muted">
                        {t('followUps.aim')}: {f.aim}
                      </span>
                    ) : null}
                  </td>
                  <td>{f.responsibleName ?? t('followUps.me')}</td>
                  <td>
                    <Btn
                      className="button--small"
                      aria-label={t('followUps.markDoneNamed', { order: f.order.orderNumber ?? '' })}
                      onPress={() => {
                        setNote('');
                        setMarking(f);
                      }}
                    >
                      {t('followUps.markDone')}
                    </Btn>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {marking ? (
        <FormDialog
          title={t('followUps.doneTitle', { order: marking.order.orderNumber ?? '' })}
          onClose={() => setMarking(null)}
          submitLabel={t('followUps.markDone')}
          shownFields={['note']}
          send={() =>
            fetchClient.POST('/api/ordering/follow-ups/{id}/done', { params: { path: { id: marking.id } }, body: { note: note.trim() || null } }).then(dataOf)
          }
          onDone={() => {
            setDone(t('followUps.done', { order: marking.order.orderNumber ?? '' }));
            setMarking(null);
            void invalidate('/api/ordering/follow-ups');
          }}
        >
          <TextAreaInput
            label={t('followUps.note')}
            name="note"
            value={note}
            onChange={setNote}
            maxLength={1000}
            rows={3}
            description={t('followUps.noteHelp')}
          />
        </FormDialog>
      ) : null}
    </Page>
  );
}
