import { useState } from 'react';
import { Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { Badge, Btn, ErrorAlert, Loading, Page, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { basisFileHref, kronor, PERIOD_RE } from './billing-format.ts';

/**
 * Invoice bases to download (issue 12 item 6): a customer's own users see their customer numbers' bases of
 * closed months only (the API decides: another customer's basis does not exist for them); finance sees all.
 */
export function BasesPage() {
  const { t, locale } = useI18n();
  const [typed, setTyped] = useState('');
  const [period, setPeriod] = useState<string | null>(null);
  const q = $api.useQuery('get', '/api/billing/bases', { params: { query: period ? { period } : {} } });
  return (
    <Page title={t('bases.title')} intro={t('bases.intro')}>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriod(PERIOD_RE.test(typed.trim()) ? typed.trim() : null);
        }}
      >
        <TextInput
          label={t('billing.month')}
          name="period"
          value={typed}
          onChange={setTyped}
          description={t('bases.periodHelp')}
          validate={(v) => (!v.trim() || PERIOD_RE.test(v.trim()) ? null : t('billing.monthInvalid'))}
          maxLength={7}
        />
        <div className="button-row">
          <Btn type="submit">{t('common.search')}</Btn>
        </div>
      </form>
      <ErrorAlert error={q.error} />
      <TableScroll>
        <Table aria-label={t('bases.title')} className="table">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('bases.basisNumber')}
            </Column>
            <Column className="col">{t('billing.month')}</Column>
            <Column className="col">{t('billing.customerNumber')}</Column>
            <Column className="col">{t('billing.lines')}</Column>
            <Column className="col">{t('billing.amount')}</Column>
            <Column className="col">{t('billing.files')}</Column>
          </TableHeader>
          <TableBody
            items={(q.data ?? []).map((b) => ({ ...b, id: b.basisNumber }))}
            renderEmptyState={() => (q.isPending ? <Loading /> : <p className="empty">{t('bases.empty')}</p>)}
          >
            {(b) => (
              <Row id={b.id} className="row">
                <Cell className="cell mono">
                  {b.basisNumber} {b.state === 'draft' ? <Badge tone="info">{t('billing.stateDraft')}</Badge> : null}
                </Cell>
                <Cell className="cell">{b.period}</Cell>
                <Cell className="cell">{b.customerNumber}</Cell>
                <Cell className="cell">{b.lines}</Cell>
                <Cell className="cell nowrap">{kronor(locale, b.total)}</Cell>
                <Cell className="cell">
                  <span className="button-row button-row--tight">
                    {(['xlsx', 'csv', 'pdf'] as const).map((f) => (
                      <a
                        key={f}
                        className="link"
                        href={basisFileHref(b.period, b.customerNumber, f)}
                        download
                        aria-label={t('billing.downloadNamed', { format: f.toUpperCase(), customer: `${b.customerNumber} ${b.period}` })}
                      >
                        {f.toUpperCase()}
                      </a>
                    ))}
                  </span>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
    </Page>
  );
}
