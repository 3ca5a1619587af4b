import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, Form, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { $api, dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { Badge, Btn, ConfirmModal, ErrorAlert, LiveStatus, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { useArticleLookup } from './article-lookup.ts';
import { refusalText } from './provision-format.ts';
import type { ReorderPoint } from './purchasing-api.ts';

type Editing = Pick<ReorderPoint, 'articleId' | 'articleName' | 'articleNumber' | 'warehouseId' | 'reorderPoint' | 'reorderQuantity'>;

/** Beställningspunkter: per warehouse and stock article, the level under which a refill is proposed and how much to order. */
export function ReorderPointsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { hasRole } = useSession();
  const warehouses = $api.useQuery('get', '/api/provision/warehouses');
  const [warehouseId, setWarehouseId] = useState<string | null>(null);
  const chosen = warehouseId ?? warehouses.data?.find((w) => w.code === 'HMC')?.id ?? warehouses.data?.[0]?.id ?? null;
  const points = $api.useQuery(
    'get',
    '/api/provision/purchasing/reorder-points',
    { params: { query: { warehouseId: chosen ?? undefined } } },
    { enabled: !!chosen },
  );
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<ReorderPoint | null>(null);
  const article = useArticleLookup();
  const mayEdit = hasRole('warehouse');
  const rows = (points.data ?? []).filter((p) => p.warehouseId === chosen);

  const remove = useMutation({
    mutationFn: (p: ReorderPoint) =>
      fetchClient.DELETE('/api/provision/purchasing/reorder-points/{warehouseId}/{articleId}', {
        params: { path: { warehouseId: p.warehouseId, articleId: p.articleId } },
      }),
    onSuccess: (_r, p) => {
      setRemoving(null);
      void invalidate('/api/provision/purchasing/reorder-points', '/api/provision/purchasing/proposals').then(() =>
        setMessage(t('purchasing.reorderRemoved', { name: p.articleName })),
      );
    },
  });

  function lookUp() {
    if (!chosen) return;
    article.lookUp((a) => {
      const existing = rows.find((p) => p.articleId === a.id);
      setEditing({
        articleId: a.id,
        articleName: a.name,
        articleNumber: a.articleNumber,
        warehouseId: chosen,
        reorderPoint: existing?.reorderPoint ?? 0,
        reorderQuantity: existing?.reorderQuantity ?? 1,
      });
    });
  }

  return (
    <Page
      title={t('purchasing.reorderTitle')}
      intro={t('purchasing.reorderIntro')}
      breadcrumbs={[{ href: '/hmc/inkop', label: t('purchasing.title') }, { label: t('purchasing.reorderTitle') }]}
    >
      <SuccessMessage>{message}</SuccessMessage>
      <div className="filters">
        <SelectInput
          label={t('purchasing.warehouse')}
          name="warehouseId"
          value={chosen}
          onChange={setWarehouseId}
          options={(warehouses.data ?? []).map((w) => ({ id: w.id, label: w.name }))}
        />
      </div>
      <ErrorAlert error={points.error ?? warehouses.error} />
      <LiveStatus>{points.isPending ? t('common.loading') : t('purchasing.reorderCount', { count: rows.length })}</LiveStatus>
      <TableScroll>
        <Table aria-label={t('purchasing.reorderTitle')} className="table table--dense">
          <TableHeader>
            <Column isRowHeader className="col">
              {t('purchasing.article')}
            </Column>
            <Column className="col">{t('purchasing.inStock')}</Column>
            <Column className="col">{t('purchasing.onOrder')}</Column>
            <Column className="col">{t('purchasing.reorderPoint')}</Column>
            <Column className="col">{t('purchasing.reorderQuantity')}</Column>
            <Column className="col">{t('purchasing.proposed')}</Column>
            <Column className="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </Column>
          </TableHeader>
          <TableBody
            items={rows.map((p) => ({ ...p, id: p.articleId }))}
            renderEmptyState={() => (points.isPending ? <Loading /> : <p className="empty">{t('purchasing.noReorderPoints')}</p>)}
          >
            {(p) => (
              <Row id={p.id} className="row">
                <Cell className="cell">
                  {p.articleName} ({p.articleNumber}){p.unitTracked ? ` · ${t('hmc.unitTracked')}` : ''}
                </Cell>
                <Cell className="cell">{p.inStock}</Cell>
                <Cell className="cell">{p.onOrder}</Cell>
                <Cell className="cell">{p.reorderPoint}</Cell>
                <Cell className="cell">{p.reorderQuantity}</Cell>
                <Cell className="cell">{p.proposed ? <Badge tone="warn">{p.proposed}</Badge> : '0'}</Cell>
                <Cell className="cell">
                  {mayEdit ? (
                    <div className="button-row button-row--tight">
                      <Btn
                        className="button--small"
                        onPress={() => (setMessage(null), setEditing(p))}
                        aria-label={t('purchasing.editReorderNamed', { name: p.articleName })}
                      >
                        {t('purchasing.edit')}
                      </Btn>
                      <Btn
                        className="button--small"
                        onPress={() => (setMessage(null), setRemoving(p))}
                        aria-label={t('purchasing.removeReorderNamed', { name: p.articleName })}
                      >
                        {t('purchasing.remove')}
                      </Btn>
                    </div>
                  ) : null}
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      </TableScroll>
      {mayEdit ? (
        <Section title={t('purchasing.addReorderPoint')} id="add">
          <Form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              lookUp();
            }}
          >
            <TextInput
              label={t('hmc.articleNumber')}
              name="articleQuery"
              value={article.query}
              onChange={article.setQuery}
              description={t('purchasing.addReorderHelp')}
              isRequired
              spellCheck={false}
            />
            {article.error ? (
              <p className="field-error" role="alert">
                {article.error}
              </p>
            ) : null}
            <div className="button-row">
              <Btn type="submit" isPending={article.isPending} isDisabled={!chosen}>
                {t('hmc.findArticle')}
              </Btn>
            </div>
          </Form>
        </Section>
      ) : null}
      {editing ? (
        <ReorderDialog
          point={editing}
          onClose={() => setEditing(null)}
          onDone={(p) => {
            setEditing(null);
            void invalidate('/api/provision/purchasing/reorder-points', '/api/provision/purchasing/proposals').then(() =>
              setMessage(t('purchasing.reorderSaved', { name: p.articleName, point: p.reorderPoint, quantity: p.reorderQuantity })),
            );
          }}
        />
      ) : null}
      <ConfirmModal
        isOpen={!!removing}
        onOpenChange={(o) => (o ? undefined : (setRemoving(null), remove.reset()))}
        title={t('purchasing.removeReorderTitle')}
        text={removing ? t('purchasing.removeReorderText', { name: removing.articleName }) : ''}
        confirmLabel={t('purchasing.remove')}
        onConfirm={() => removing && remove.mutate(removing)}
        error={remove.error}
        pending={remove.isPending}
      />
    </Page>
  );
}

function ReorderDialog({ point, onClose, onDone }: { point: Editing; onClose: () => void; onDone: (p: ReorderPoint) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reorderPoint, setReorderPoint] = useState(String(point.reorderPoint));
  const [reorderQuantity, setReorderQuantity] = useState(String(point.reorderQuantity));
  return (
    <FormDialog
      title={t('purchasing.reorderDialogTitle', { name: point.articleName })}
      onClose={onClose}
      send={() =>
        fetchClient
          .PUT('/api/provision/purchasing/reorder-points/{warehouseId}/{articleId}', {
            params: { path: { warehouseId: point.warehouseId, articleId: point.articleId } },
            body: { reorderPoint: Number(reorderPoint), reorderQuantity: Number(reorderQuantity) },
          })
          .then(dataOf)
      }
      onDone={onDone}
      submitLabel={t('purchasing.saveReorder')}
      shownFields={['reorderPoint', 'reorderQuantity']}
      errorText={(e) => refusalText(i18n, e)}
      intro={<p className="help-text">{t('purchasing.reorderHelp')}</p>}
    >
      <TextInput
        label={t('purchasing.reorderPoint')}
        name="reorderPoint"
        value={reorderPoint}
        onChange={setReorderPoint}
        inputMode="numeric"
        isRequired
        autoFocus
        validate={(v) => (/^\d{1,6}$/.test(v.trim()) ? null : t('purchasing.quantityInvalid'))}
      />
      <TextInput
        label={t('purchasing.reorderQuantity')}
        name="reorderQuantity"
        value={reorderQuantity}
        onChange={setReorderQuantity}
        inputMode="numeric"
        isRequired
        validate={(v) => (/^[1-9]\d{0,5}$/.test(v.trim()) ? null : t('purchasing.quantityInvalid'))}
      />
    </FormDialog>
  );
}
