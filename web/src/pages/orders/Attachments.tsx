import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { FileTrigger } from 'react-aria-components';
import { fetchClient, upload } from '../../api/client.ts';
import { ATTACHMENT_KINDS, type AttachmentKind, type OrderAttachment } from '../../api/types.ts';
import { SelectInput } from '../../components/fields.tsx';
import { Badge, Btn, ConfirmModal, ErrorAlert, LiveStatus } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatBytes } from '../catalogue/catalogue-format.ts';
import { uploadErrorText } from '../catalogue/MediaEditor.tsx';
import { attachmentKindLabel } from './order-format.ts';

const ACCEPT = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/gif'];

interface ListedFile {
  id: string;
  kind: string;
  fileName: string;
  size: number;
}

/** Where the ordering side downloads its order's file (the centre's pages pass their own route). */
const orderingHref = (orderId: string, attachmentId: string) => `/api/orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(attachmentId)}`;

/** Download links for an order's files. A plain <a>: the browser downloads, the app's router stays out of it. */
export function AttachmentList<A extends ListedFile>({
  orderId,
  attachments,
  onRemove,
  href = orderingHref,
}: {
  orderId: string;
  attachments: readonly A[];
  onRemove?: (a: A) => void;
  href?: (orderId: string, attachmentId: string) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!attachments.length) return <p className="empty">{t('attachments.none')}</p>;
  return (
    <ul className="chip-list" aria-label={t('attachments.title')}>
      {attachments.map((a) => (
        <li key={a.id} className="chip">
          <span>
            <a className="link" href={href(orderId, a.id)} download={a.fileName}>
              {a.fileName}
            </a>{' '}
            <span className="muted small">
              ({attachmentKindLabel(i18n, a.kind)}, {formatBytes(a.size)})
            </span>
          </span>
          {onRemove ? (
            <Btn variant="quiet" className="button--small" onPress={() => onRemove(a)} aria-label={t('attachments.removeNamed', { name: a.fileName })}>
              {t('common.remove')}
            </Btn>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The draft's files: PDF or images, with a kind. The kinds a work-order type requires are listed with a tick
 * once attached; the order cannot be sent before they all are.
 */
export function AttachmentsEditor({
  orderId,
  attachments,
  onChange,
  required,
}: {
  orderId: string;
  attachments: OrderAttachment[];
  /** Gets a function of the current list: an upload and a removal may finish in either order. */
  onChange: (update: (current: OrderAttachment[]) => OrderAttachment[]) => void;
  required: readonly string[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<AttachmentKind>((required.find((k) => !attachments.some((a) => a.kind === k)) as AttachmentKind | undefined) ?? 'photo');
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState('');
  const [removing, setRemoving] = useState<OrderAttachment | null>(null);
  // A work-order type chosen later brings its required kinds: offer the first missing one.
  const firstMissing = required.find((k) => !attachments.some((a) => a.kind === k)) as AttachmentKind | undefined;
  useEffect(() => {
    if (firstMissing) setKind(firstMissing);
  }, [firstMissing]);

  const uploading = useMutation({
    /** multipart/form-data: kind first, then the file (the API reads the fields first). */
    mutationFn: (v: { kind: AttachmentKind; file: File }) => {
      const form = new FormData();
      form.append('kind', v.kind);
      form.append('file', v.file, v.file.name);
      return upload('/api/orders/{id}/attachments', { id: orderId }, form);
    },
    onSuccess: (a) => {
      onChange((current) => [...current, a]);
      setFile(null);
      setStatus(t('attachments.uploaded', { name: a.fileName }));
    },
  });
  const removal = useMutation({
    mutationFn: (a: OrderAttachment) =>
      fetchClient.DELETE('/api/orders/{id}/attachments/{attachmentId}', { params: { path: { id: orderId, attachmentId: a.id } } }),
    onSuccess: (_, gone) => {
      onChange((current) => current.filter((a) => a.id !== gone.id));
      setStatus(t('attachments.removed', { name: gone.fileName }));
      setRemoving(null);
    },
  });
  const error = uploading.error;

  return (
    <div className="stack">
      {required.length ? (
        <div>
          <p className="field-label">{t('attachments.required')}</p>
          <ul className="plain-list required-list">
            {required.map((k) => {
              const done = attachments.some((a) => a.kind === k);
              return (
                <li key={k}>
                  {attachmentKindLabel(i18n, k)}{' '}
                  {done ? <Badge tone="ok">{t('attachments.attached')}</Badge> : <Badge tone="warn">{t('attachments.missing')}</Badge>}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <AttachmentList orderId={orderId} attachments={attachments} onRemove={(a) => (removal.reset(), setRemoving(a))} />
      <LiveStatus className="visually-hidden">{status}</LiveStatus>
      <p className="help-text">{t('attachments.help')}</p>
      <ErrorAlert error={error} message={uploadErrorText(i18n, error)} />
      <div className="field-row">
        <SelectInput
          label={t('attachments.kind')}
          name="attachmentKind"
          value={kind}
          onChange={(k) => setKind(k ?? 'other')}
          options={ATTACHMENT_KINDS.map((k) => ({ id: k, label: attachmentKindLabel(i18n, k) }))}
        />
      </div>
      <div className="file-row">
        <FileTrigger acceptedFileTypes={ACCEPT} onSelect={(files) => (setFile(files?.[0] ?? null), uploading.reset())}>
          <Btn>{t('media.chooseFile')}</Btn>
        </FileTrigger>
        <p className="file-name" role="status">
          {file ? t('media.chosen', { name: file.name, size: formatBytes(file.size) }) : t('media.noFile')}
        </p>
        <Btn onPress={() => file && uploading.mutate({ kind, file })} isDisabled={!file} isPending={uploading.isPending}>
          {t('attachments.upload')}
        </Btn>
      </div>
      <ConfirmModal
        isOpen={!!removing}
        onOpenChange={(o) => (o ? undefined : setRemoving(null))}
        title={t('attachments.removeTitle')}
        text={t('attachments.removeText', { name: removing?.fileName ?? '' })}
        confirmLabel={t('common.remove')}
        onConfirm={() => removing && removal.mutate(removing)}
        error={removal.error}
        pending={removal.isPending}
      />
    </div>
  );
}
