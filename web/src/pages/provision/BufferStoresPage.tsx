import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Form, Link, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { weekdayLabel } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { useArticleLookup } from './article-lookup.ts';
import { refusalText } from './provision-format.ts';
import type { BufferLevel, RefillProposal } from './reports-buffers-api.ts';

/** Buffertförråd: every customer's buffer store with what is under its safety level, and the refill proposals per delivery area. */
export function BufferStoresPage() {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const { hasRole } = useSession();
  const stores = $api.useQuery('get', '/api/provision/buffer-stores');
  const invalidate = useInvalidate();
  const rows = stores.data ?? [];
  const areas = [
    ...new Map(
      rows.map((s) => [s.deliveryAreaId, { id: s.deliveryAreaId, name: s.deliveryAreaName, weekday: s.deliveryWeekday, next: s.nextDeliveryDate }]),
    ).values(),
  ].sort((a, b) => i18n.collator.compare(a.name, b.name));
  const [areaId, setAreaId] = useState<string | null>(null);
  const area = areas.find((a) => a.id === areaId) ?? areas[0] ?? null;
  const proposals = $api.useQuery('get', '/api/provision/buffer-proposals', { params: { query: { deliveryAreaId: area?.id } } }, { enabled: !!area });
  const [message, setMessage] = useState<string | null>(null);
  const [accepting, setAccepting] = useState<RefillProposal | null>(null);
  const mayPropose = hasRole('warehouse') || hasRole('customerService');
  // After another area is chosen the previous area's proposals stay in `proposals.data` until the new ones
  // arrive: only the chosen area's are shown (and can be accepted).
  const ofArea = (proposals.data ?? []).filter((p) => p.deliveryAreaId === area?.id);
  const open = ofArea.filter((p) => p.status === 'proposed');
  const delivered = ofArea.filter((p) => p.status === 'delivered').slice(0, 5);

  const propose = useMutation({
    mutationFn: (deliveryAreaId: string) => fetchClient.POST('/api/provision/buffer-proposals', { body: { deliveryAreaId } }).then(dataOf),
    onMutate: () => setMessage(null),
    // Said once the proposal is on the page (its accept button with it).
    onSuccess: async (p) => {
      await invalidate('/api/provision/buffer-proposals');
      setMessage(t('buffers.proposed', { area: p.deliveryAreaName, date: formatDate(p.deliveryDate), count: p.lines.length }));
    },
  });
  const error = propose.error;

  return (
    <Page title={t('buffers.title')} intro={t('buffers.intro')}>
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <Section title={t('buffers.stores')} id="stores">
        <ErrorAlert error={stores.error} />
        <LiveStatus>{stores.isPending ? t('common.loading') : t('buffers.storeCount', { count: rows.length })}</LiveStatus>
        <TableScroll>
          <Table aria-label={t('buffers.stores')} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('buffers.store')}
              </Column>
              <Column className="col">{t('buffers.customer')}</Column>
              <Column className="col">{t('buffers.area')}</Column>
              <Column className="col">{t('buffers.nextDelivery')}</Column>
              <Column className="col">{t('buffers.belowLevel')}</Column>
            </TableHeader>
            <TableBody items={rows} renderEmptyState={() => (stores.isPending ? <Loading /> : <p className="empty">{t('buffers.noStores')}</p>)}>
              {(s) => (
                <Row id={s.id} className="row">
                  <Cell className="cell">
                    <Link className="link" href={`/hmc/buffertforrad/${s.id}`}>
                      {s.name}
                    </Link>
                  </Cell>
                  <Cell className="cell">
                    {s.customerNumber} {s.customerName}
                  </Cell>
                  <Cell className="cell">
                    {s.deliveryAreaName} ({weekdayLabel(t, s.deliveryWeekday)})
                  </Cell>
                  <Cell className="cell">{formatDate(s.nextDeliveryDate)}</Cell>
                  <Cell className="cell">
                    {s.belowSafetyLevel ? (
                      <Badge tone="warn">{t('buffers.articlesBelow', { count: s.belowSafetyLevel })}</Badge>
                    ) : (
                      <span className="muted">{t('buffers.allAtLevel')}</span>
                    )}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      </Section>

      <Section title={t('buffers.proposals')} id="proposals">
        <div className="filters">
          <SelectInput
            label={t('buffers.area')}
            name="deliveryAreaId"
            value={area?.id ?? null}
            onChange={(v) => setAreaId(v)}
            options={areas.map((a) => ({ id: a.id, label: `${a.name} (${weekdayLabel(t, a.weekday)})` }))}
          />
        </div>
        {area ? <p>{t('buffers.nextDeliveryOf', { area: area.name, date: formatDate(area.next) })}</p> : null}
        <ErrorAlert error={error} message={refusalText(i18n, error)} />
        {mayPropose && area ? (
          <div className="button-row">
            <Btn variant="primary" isPending={propose.isPending} onPress={() => propose.mutate(area.id)}>
              {t('buffers.makeProposal')}
            </Btn>
          </div>
        ) : null}
        {open.length === 0 ? proposals.isLoading ? <Loading /> : <p className="empty">{t('buffers.noProposals')}</p> : null}
        {open.map((p) => (
          <ProposalTable key={p.id} proposal={p} onAccept={hasRole('warehouse') ? () => (setMessage(null), setAccepting(p)) : null} />
        ))}
        {delivered.length ? (
          <>
            <h3 className="card-subtitle">{t('buffers.delivered')}</h3>
            <ul className="event-list">
              {delivered.map((p) => (
                <li key={p.id}>
                  <span className="nowrap">{formatDate(p.deliveryDate)}</span>
                  <span>{t('buffers.deliveredLines', { count: p.lines.filter((l) => (l.deliveredQuantity ?? 0) > 0).length })}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>
      {accepting ? (
        <AcceptDialog
          proposal={accepting}
          onClose={() => setAccepting(null)}
          onDone={(p) => {
            setAccepting(null);
            void invalidate('/api/provision/buffer-proposals', '/api/provision/buffer-stores').then(() =>
              setMessage(t('buffers.refilled', { area: p.deliveryAreaName, date: formatDate(p.deliveryDate) })),
            );
          }}
        />
      ) : null}
    </Page>
  );
}

function ProposalTable({ proposal, onAccept }: { proposal: RefillProposal; onAccept: (() => void) | null }) {
  const { t, formatDate } = useI18n();
  const title = t('buffers.proposalFor', { area: proposal.deliveryAreaName, date: formatDate(proposal.deliveryDate) });
  return (
    <div className="stack">
      <h3 className="card-subtitle">{title}</h3>
      {proposal.lines.length === 0 ? (
        <p className="empty">{t('buffers.nothingToRefill')}</p>
      ) : (
        <TableScroll>
          <Table aria-label={title} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('buffers.article')}
              </Column>
              <Column className="col">{t('buffers.store')}</Column>
              <Column className="col">{t('buffers.safetyLevel')}</Column>
              <Column className="col">{t('buffers.quantity')}</Column>
              <Column className="col">{t('buffers.toDeliver')}</Column>
            </TableHeader>
            <TableBody items={proposal.lines}>
              {(l) => (
                <Row id={l.id} className="row">
                  <Cell className="cell">
                    {l.articleName} ({l.articleNumber})
                  </Cell>
                  <Cell className="cell">
                    {l.bufferStoreName} · {l.customerName}
                  </Cell>
                  <Cell className="cell">{l.safetyLevel}</Cell>
                  <Cell className="cell">{l.quantityBefore}</Cell>
                  <Cell className="cell">{l.proposedQuantity}</Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
      )}
      {onAccept ? (
        <div className="button-row">
          <Btn variant="primary" onPress={onAccept}>
            {t('buffers.accept')}
          </Btn>
        </div>
      ) : null}
    </div>
  );
}

function AcceptDialog({ proposal, onClose, onDone }: { proposal: RefillProposal; onClose: () => void; onDone: (p: RefillProposal) => void }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const chosen = warehouseId ?? warehouses.data?.find((w) => w.code === 'HMC')?.id ?? warehouses.data?.[0]?.id ?? null;
  return (
    <FormDialog
      title={t('buffers.acceptTitle', { area: proposal.deliveryAreaName, date: formatDate(proposal.deliveryDate) })}
      onClose={onClose}
      send={() =>
        chosen
          ? fetchClient
              .POST('/api/provision/buffer-proposals/{id}/accept', {
                params: { path: { id: proposal.id } },
                body: { version: proposal.version, warehouseId: chosen },
              })
              .then(dataOf)
          : null
      }
      onDone={onDone}
      submitLabel={t('buffers.confirmAccept')}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('buffers.acceptHelp')}</p>}
      // The warehouse defaults to the central one once the list is in; until then there is nothing to send.
      isSubmitDisabled={!chosen}
    >
      {warehouses.error ? <ErrorAlert error={warehouses.error} /> : null}
      <SelectInput
        label={t('hmc.warehouse')}
        name="warehouseId"
        value={chosen}
        onChange={setWarehouseId}
        isRequired
        options={(warehouses.data ?? []).filter((w) => w.active).map((w) => ({ id: w.id, label: w.name }))}
      />
    </FormDialog>
  );
}

/** One buffer store: quantity and safety level per article, the level set per article, and the latest changes. */
export function BufferStorePage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const { hasRole } = useSession();
  const view = $api.useQuery('get', '/api/provision/buffer-stores/{id}', { params: { path: { id } } });
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState<Pick<BufferLevel, 'articleId' | 'articleName' | 'articleNumber' | 'safetyLevel'> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const article = useArticleLookup();
  const mayEdit = hasRole('customerService') || hasRole('warehouse');
  const mayCount = hasRole('warehouse');
  const [counting, setCounting] = useState<BufferLevel | null>(null);
  const v = view.data;
  const crumbs = [{ href: '/hmc/buffertforrad', label: t('buffers.title') }, { label: v?.store.name ?? t('buffers.store') }];
  if (!v) {
    return (
      <Page title={t('buffers.store')} breadcrumbs={crumbs}>
        {view.isPending ? <Loading /> : <ErrorAlert error={view.error} />}
      </Page>
    );
  }
  const s = v.store;

  function lookUp() {
    article.lookUp((a) =>
      setEditing({
        articleId: a.id,
        articleName: a.name,
        articleNumber: a.articleNumber,
        safetyLevel: view.data?.levels.find((l) => l.articleId === a.id)?.safetyLevel ?? 0,
      }),
    );
  }

  return (
    <Page
      title={s.name}
      breadcrumbs={crumbs}
      intro={t('buffers.storeIntro', {
        customer: `${s.customerNumber} ${s.customerName}`,
        area: s.deliveryAreaName,
        weekday: weekdayLabel(t, s.deliveryWeekday),
        date: formatDate(s.nextDeliveryDate),
      })}
    >
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      <Section title={t('buffers.levels')} id="levels">
        <TableScroll>
          <Table aria-label={t('buffers.levels')} className="table table--dense">
            <TableHeader>
              <Column isRowHeader className="col">
                {t('buffers.article')}
              </Column>
              <Column className="col">{t('buffers.quantity')}</Column>
              <Column className="col">{t('buffers.safetyLevel')}</Column>
              <Column className="col">{t('buffers.shortfall')}</Column>
              <Column className="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </Column>
            </TableHeader>
            <TableBody items={v.levels.map((l) => ({ ...l, id: l.articleId }))} renderEmptyState={() => <p className="empty">{t('buffers.noLevels')}</p>}>
              {(l) => (
                <Row id={l.id} className="row">
                  <Cell className="cell">
                    {l.articleName} ({l.articleNumber}){l.unitTracked ? ` · ${t('hmc.unitTracked')}` : ''}
                  </Cell>
                  <Cell className="cell">{l.quantity}</Cell>
                  <Cell className="cell">{l.safetyLevel}</Cell>
                  <Cell className="cell">{l.shortfall ? <Badge tone="warn">{l.shortfall}</Badge> : '0'}</Cell>
                  <Cell className="cell">
                    <div className="button-row button-row--tight">
                      {mayEdit ? (
                        <Btn
                          className="button--small"
                          onPress={() => (setMessage(null), setEditing(l))}
                          aria-label={t('buffers.setLevelNamed', { name: l.articleName })}
                        >
                          {t('buffers.setLevel')}
                        </Btn>
                      ) : null}
                      {mayCount && !l.unitTracked ? (
                        <Btn
                          className="button--small"
                          onPress={() => (setMessage(null), setCounting(l))}
                          aria-label={t('buffers.countNamed', { name: l.articleName })}
                        >
                          {t('buffers.count')}
                        </Btn>
                      ) : null}
                    </div>
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
        </TableScroll>
        {mayEdit ? (
          <Form
            className="form form--inline"
            onSubmit={(e) => {
              e.preventDefault();
              lookUp();
            }}
          >
            <TextInput
              label={t('buffers.addArticle')}
              name="articleNumber"
              value={article.query}
              onChange={article.setQuery}
              description={t('buffers.addArticleHelp')}
            />
            {article.error ? (
              <p className="field-error" role="alert">
                {article.error}
              </p>
            ) : null}
            <div className="button-row">
              <Btn type="submit">{t('buffers.findArticle')}</Btn>
            </div>
          </Form>
        ) : null}
      </Section>
      <Section title={t('buffers.transactions')} id="transactions">
        {v.transactions.length === 0 ? <p className="empty">{t('buffers.noTransactions')}</p> : null}
        <ul className="event-list">
          {v.transactions.map((x) => (
            <li key={x.id}>
              <span className="nowrap">{formatDateTime(x.at)}</span>
              <span>{i18n.tMaybe(`buffers.kind.${x.kind}`) ?? x.kind}</span>
              <span>
                {x.articleNumber}: {x.quantity > 0 ? `+${x.quantity}` : x.quantity}
              </span>
              {x.note ? <span className="muted">{x.note}</span> : null}
            </li>
          ))}
        </ul>
      </Section>
      {counting ? (
        <CountDialog
          storeId={s.id}
          level={counting}
          onClose={() => setCounting(null)}
          onDone={(r) => {
            const l = counting;
            setCounting(null);
            void invalidate('/api/provision/buffer-stores/{id}').then(() =>
              setMessage(
                r.change === 0
                  ? t('buffers.countMatched', { name: l.articleName, quantity: r.quantity })
                  : t('buffers.counted', { name: l.articleName, quantity: r.quantity, change: r.change > 0 ? `+${r.change}` : String(r.change) }),
              ),
            );
          }}
        />
      ) : null}
      {editing ? (
        <LevelDialog
          storeId={s.id}
          level={editing}
          onClose={() => setEditing(null)}
          onDone={(l) => {
            setEditing(null);
            article.setQuery('');
            void invalidate('/api/provision/buffer-stores/{id}').then(() => setMessage(t('buffers.levelSet', { name: l.articleName, level: l.safetyLevel })));
          }}
        />
      ) : null}
    </Page>
  );
}

/** Inventering: the warehouse counts an article in the store; the balance becomes the count. */
function CountDialog({
  storeId,
  level,
  onClose,
  onDone,
}: {
  storeId: string;
  level: BufferLevel;
  onClose: () => void;
  onDone: (r: { quantity: number; change: number }) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  return (
    <FormDialog
      title={t('buffers.countTitle', { name: level.articleName })}
      onClose={onClose}
      send={() =>
        fetchClient
          .POST('/api/provision/buffer-stores/{id}/transactions', {
            params: { path: { id: storeId } },
            body: { articleId: level.articleId, counted: Number(value.trim()), note: note.trim() || null },
          })
          .then(dataOf)
      }
      onDone={onDone}
      submitLabel={t('buffers.saveCount')}
      shownFields={['counted', 'note']}
      errorText={(e) => refusalText(i18n, e)}
    >
      <TextInput
        label={t('buffers.countedQuantity')}
        name="counted"
        value={value}
        onChange={setValue}
        isRequired
        inputMode="numeric"
        autoFocus
        description={t('buffers.countHelp', { quantity: level.quantity })}
        validate={(x) => (/^\d{1,6}$/.test(x.trim()) && Number(x) <= 100000 ? null : t('buffers.countInvalid'))}
      />
      <TextInput label={t('buffers.countNote')} name="note" value={note} onChange={setNote} maxLength={500} />
    </FormDialog>
  );
}

function LevelDialog({
  storeId,
  level,
  onClose,
  onDone,
}: {
  storeId: string;
  level: Pick<BufferLevel, 'articleId' | 'articleName' | 'articleNumber' | 'safetyLevel'>;
  onClose: () => void;
  onDone: (l: BufferLevel) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [value, setValue] = useState(String(level.safetyLevel));
  return (
    <FormDialog
      title={t('buffers.levelTitle', { name: level.articleName })}
      onClose={onClose}
      send={() =>
        fetchClient
          .PUT('/api/provision/buffer-stores/{id}/levels/{articleId}', {
            params: { path: { id: storeId, articleId: level.articleId } },
            body: { safetyLevel: Number(value.trim()) },
          })
          .then(dataOf)
      }
      onDone={onDone}
      submitLabel={t('common.save')}
      shownFields={['safetyLevel']}
      errorText={(e) => refusalText(i18n, e)}
    >
      <TextInput
        label={t('buffers.safetyLevel')}
        name="safetyLevel"
        value={value}
        onChange={setValue}
        isRequired
        inputMode="numeric"
        description={t('buffers.safetyLevelHelp')}
        validate={(x) => (/^\d{1,5}$/.test(x.trim()) && Number(x) <= 10000 ? null : t('buffers.safetyLevelInvalid'))}
      />
    </FormDialog>
  );
}
