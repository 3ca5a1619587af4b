import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Cell, Column, DropZone, FileTrigger, Row, Table, TableBody, TableHeader, Text } from 'react-aria-components';
import { $api, dataOf, fetchClient, upload } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import type { ApiData } from '../../api/client.ts';
import type { ImportBatch, ImportStatus } from '../../api/types.ts';
import { Badge, Btn, ErrorAlert, Loading, Page, Section, SuccessMessage, TableScroll } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatBytes } from './catalogue-format.ts';
import { uploadErrorText } from './MediaEditor.tsx';

const ACCEPT = ['application/xml', 'text/xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xml', '.xlsx'];
const statusTone: Record<ImportStatus, 'ok' | 'muted' | 'warn' | 'info'> = {
  queued: 'muted',
  staging: 'muted',
  validated: 'info',
  invalid: 'warn',
  published: 'ok',
  failed: 'warn',
};

function StatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return <Badge tone={statusTone[status]}>{t(`importStatus.${status}`)}</Badge>;
}

/** /artiklar/import: the assortment role uploads a catalogue file, reads the report and publishes. */
export function ImportPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  // Polled while an import runs (here or anywhere: its progress is in the database), so a reloaded page or a
  // second tab shows it too.
  const list = $api.useQuery(
    'get',
    '/api/catalogue/imports',
    { params: { query: { limit: 50 } } },
    { refetchInterval: (q) => (uploading || (q.state.data ?? []).some((b) => isRunning(b.status)) ? 1000 : false) },
  );
  const invalidate = useInvalidate();
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // Upload, publish and opening an earlier import share one mutation: the callbacks given to `mutate` run for
  // the latest call only, so only the import opened (or sent) last is shown, whichever answer comes first.
  const step = useMutation({
    mutationFn: async (op: { kind: 'upload'; file: File } | { kind: 'publish' | 'open'; id: string }): Promise<ImportBatch> => {
      if (op.kind === 'upload') {
        const form = new FormData();
        form.append('file', op.file, op.file.name);
        return upload('/api/catalogue/imports', {}, form);
      }
      if (op.kind === 'open') return fetchClient.GET('/api/catalogue/imports/{id}', { params: { path: { id: op.id } } }).then(dataOf);
      const b = await fetchClient.POST('/api/catalogue/imports/{id}/publish', { params: { path: { id: op.id } } }).then(dataOf);
      // Pending (and said) once the list of earlier imports shows it too.
      await invalidate('/api/catalogue/imports');
      return b;
    },
    onMutate: (op) => (setMessage(null), setUploading(op.kind === 'upload')),
    onSettled: () => setUploading(false),
  });
  const running = (list.data ?? []).filter((b) => isRunning(b.status));
  const pending = step.isPending && step.variables.kind !== 'open' ? step.variables.kind : null;
  const error = step.error;

  function sendFile() {
    if (!file) return;
    step.mutate(
      { kind: 'upload', file },
      {
        onSuccess: (b) => {
          setBatch(b);
          setFile(null);
          void invalidate('/api/catalogue/imports');
        },
      },
    );
  }

  function publish(id: string) {
    step.mutate({ kind: 'publish', id }, { onSuccess: (b) => (setBatch(b), b.status === 'published' ? setMessage(t('import.publishedMessage')) : undefined) });
  }

  function open(id: string) {
    step.mutate(
      { kind: 'open', id },
      {
        onSuccess: (b) => {
          setBatch(b);
          document.getElementById('import-report')?.focus();
        },
      },
    );
  }

  return (
    <Page title={t('import.title')} intro={t('import.intro')} breadcrumbs={[{ href: '/artiklar', label: t('articles.title') }, { label: t('import.title') }]}>
      <Section title={t('import.uploadHeading')} id="upload">
        <p className="help-text">
          {t('import.formats')} {/* A plain link: the template is a file to download, not a page of the app. */}
          <a className="link" href="/api/catalogue/imports/template.xlsx" download>
            {t('import.template')}
          </a>
        </p>
        <DropZone
          className="dropzone"
          aria-label={t('import.dropLabel')}
          onDrop={async (e) => {
            const item = e.items.find((i) => i.kind === 'file');
            if (item && item.kind === 'file') setFile(await item.getFile());
          }}
        >
          <Text slot="label">{t('import.drop')}</Text>
          <FileTrigger acceptedFileTypes={ACCEPT} onSelect={(files) => setFile(files?.[0] ?? null)}>
            <Btn>{t('import.chooseFile')}</Btn>
          </FileTrigger>
        </DropZone>
        <p className="file-name" role="status">
          {file ? t('media.chosen', { name: file.name, size: formatBytes(file.size) }) : t('media.noFile')}
        </p>
        <ErrorAlert error={error} message={uploadErrorText(i18n, error)} />
        <div className="button-row">
          <Btn variant="primary" onPress={sendFile} isDisabled={!file} isPending={pending === 'upload'}>
            {t('import.validate')}
          </Btn>
        </div>
      </Section>

      {running.length ? (
        <Section title={t('import.progress.heading')} id="running">
          <p className="help-text">{t('import.progress.help')}</p>
          {running.map((b) => (
            <ImportProgressBar key={b.id} batch={b} />
          ))}
        </Section>
      ) : null}

      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      {batch ? <ImportReportView batch={batch} onPublish={() => publish(batch.id)} publishing={pending === 'publish'} /> : null}

      <Section title={t('import.earlier')} id="earlier">
        {!list.data ? (
          list.error ? (
            <ErrorAlert error={list.error} />
          ) : (
            <Loading />
          )
        ) : (
          <TableScroll>
            <Table aria-label={t('import.earlier')} className="table">
              <TableHeader>
                <Column isRowHeader className="col">
                  {t('import.colFile')}
                </Column>
                <Column className="col">{t('import.colAt')}</Column>
                <Column className="col">{t('common.status')}</Column>
                <Column className="col num">{t('import.colRows')}</Column>
                <Column className="col num">{t('import.colErrors')}</Column>
                <Column className="col">{t('import.colChanges')}</Column>
                <Column className="col">{t('common.actions')}</Column>
              </TableHeader>
              <TableBody items={list.data} renderEmptyState={() => <p className="empty">{t('import.none')}</p>}>
                {(b) => (
                  <Row id={b.id} className="row">
                    <Cell className="cell">{b.fileName}</Cell>
                    <Cell className="cell nowrap">{formatDateTime(b.createdAt)}</Cell>
                    <Cell className="cell">
                      <StatusBadge status={b.status} />
                    </Cell>
                    <Cell className="cell num">{b.rows}</Cell>
                    <Cell className="cell num">{b.errorCount}</Cell>
                    <Cell className="cell">{b.changes ? t('import.changesShort', b.changes) : ''}</Cell>
                    <Cell className="cell">
                      <Btn className="button--small" onPress={() => open(b.id)} aria-label={t('import.showReportNamed', { name: b.fileName })}>
                        {t('import.showReport')}
                      </Btn>
                    </Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </TableScroll>
        )}
      </Section>
    </Page>
  );
}

function ImportReportView({ batch, onPublish, publishing }: { batch: ImportBatch; onPublish: () => void; publishing: boolean }) {
  const { t, tMaybe } = useI18n();
  const r = batch.report;
  const changes = r?.changes ?? null;
  return (
    <section className="card" aria-labelledby="import-report-heading" id="import-report" tabIndex={-1}>
      <h2 className="card-title" id="import-report-heading">
        {t('import.reportHeading', { name: batch.fileName })}
      </h2>
      <p>
        <StatusBadge status={batch.status} /> {t(`importStatus.${batch.status}.text`)}
      </p>
      <dl className="details">
        <dt>{t('import.colRows')}</dt>
        <dd>{batch.rows}</dd>
        <dt>{t('import.colErrors')}</dt>
        <dd>{batch.errorCount}</dd>
        {r ? (
          <>
            <dt>{t('import.format')}</dt>
            <dd>{r.format === 'xml' ? 'XML' : 'Excel'}</dd>
            {Object.entries(r.counts)
              .filter(([k]) => k !== 'article')
              .map(([k, n]) => (
                <FragmentPair key={k} term={tMaybe(`import.count.${k}`) ?? k} value={String(n)} />
              ))}
          </>
        ) : null}
      </dl>
      {r?.failure ? (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">{r.failure}</p>
          </div>
        </div>
      ) : null}
      {changes ? (
        <>
          <h3 className="subheading">{t('import.changesHeading')}</h3>
          <ul className="plain-list change-summary">
            <li>{t('import.new', { count: changes.new })}</li>
            <li>{t('import.changed', { count: changes.changed })}</li>
            <li>{t('import.unchanged', { count: changes.unchanged })}</li>
            <li>{t('import.removedCount', { count: changes.removed })}</li>
          </ul>
          {changes.newArticles.length ? <p className="small">{t('import.newList', { list: changes.newArticles.join(', ') })}</p> : null}
          {changes.changedArticles.length ? <p className="small">{t('import.changedList', { list: changes.changedArticles.join(', ') })}</p> : null}
          {changes.removedArticles.length ? <p className="small">{t('import.removedList', { list: changes.removedArticles.join(', ') })}</p> : null}
        </>
      ) : null}
      {r && r.errors.length ? (
        <>
          <h3 className="subheading">{t('import.errorsHeading', { count: r.errorCount })}</h3>
          <TableScroll>
            <Table aria-label={t('import.errorsLabel')} className="table table--dense">
              <TableHeader>
                <Column isRowHeader className="col">
                  {t('import.colLine')}
                </Column>
                <Column className="col">{t('import.colField')}</Column>
                <Column className="col">{t('import.colMessage')}</Column>
              </TableHeader>
              <TableBody items={r.errors.map((e, i) => ({ ...e, id: i }))}>
                {(e) => (
                  <Row id={e.id} className="row">
                    <Cell className="cell nowrap">
                      {e.line ?? ''}
                      {e.sheet ? ` (${e.sheet})` : ''}
                    </Cell>
                    <Cell className="cell mono">{e.field ?? ''}</Cell>
                    <Cell className="cell">{e.message}</Cell>
                  </Row>
                )}
              </TableBody>
            </Table>
          </TableScroll>
        </>
      ) : null}
      {batch.status === 'validated' ? (
        <div className="button-row">
          <Btn variant="primary" onPress={onPublish} isPending={publishing}>
            {t('import.publish')}
          </Btn>
        </div>
      ) : null}
    </section>
  );
}

function FragmentPair({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}

type ListItem = ApiData<'/api/catalogue/imports'>[number];
type Progress = NonNullable<ListItem['progress']>;

const isRunning = (s: ImportStatus) => s === 'queued' || s === 'staging';

/** "40 s", "3 min", "1 h 25 min" (the same in both languages). */
function duration(sec: number) {
  const s = Math.max(1, Math.ceil(sec));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s - h * 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The progress of one running import: "12 000 av 660 000 rader · 4 100 rader/s · cirka 2 min kvar". */
function progressText(t: ReturnType<typeof useI18n>['t'], locale: string, status: ImportStatus, p: Progress | null | undefined): string {
  const n = (v: number) => new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 0 }).format(v);
  if (status === 'queued') return t('import.progress.queued');
  if (!p) return t('import.progress.starting');
  if (p.phase === 'checking') return t('import.progress.checking', { done: n(p.done) });
  if (p.phase === 'publishing') return t('import.progress.publishing', { done: n(p.done) });
  const parts = [p.total !== null ? t('import.progress.rows', { done: n(p.done), total: n(p.total) }) : t('import.progress.rowsSoFar', { done: n(p.done) })];
  if (p.ratePerSec > 0) parts.push(t('import.progress.rate', { rate: n(p.ratePerSec) }));
  if (p.etaSec !== null && p.total !== null && p.done < p.total) parts.push(t('import.progress.left', { time: duration(p.etaSec) }));
  return parts.join(' · ');
}

function ImportProgressBar({ batch }: { batch: ListItem }) {
  const { t, locale } = useI18n();
  const p = batch.progress;
  const text = progressText(t, locale, batch.status, p);
  const labelId = `import-progress-${batch.id}`;
  // Known total: a bar with a value (the rows of the file, estimated while it is read); otherwise indeterminate.
  const known = batch.status === 'staging' && p && p.total !== null && p.total > 0;
  const value = known ? (p.phase === 'reading' ? Math.min(p.done, p.total!) : p.total!) : null;
  const percent = known ? Math.round((value! / p.total!) * 100) : 0;
  return (
    <div className="import-progress">
      <p className="import-progress-label" id={labelId}>
        {t('import.progress.label', { name: batch.fileName })}
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        {...(known ? { 'aria-valuemax': p.total!, 'aria-valuenow': value! } : {})}
        aria-valuetext={text}
      >
        <div className={known ? 'progress-fill' : 'progress-fill progress-fill--indeterminate'} style={known ? { width: `${percent}%` } : undefined} />
      </div>
      <p className="small import-progress-text">{text}</p>
    </div>
  );
}
