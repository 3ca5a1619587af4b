import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FileTrigger } from 'react-aria-components';
import { fetchClient, isApiError, upload } from '../../api/client.ts';
import { MEDIA_KINDS, type Article, type ArticleMedia, type MediaKind } from '../../api/types.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { Btn, ConfirmModal, ErrorAlert, Section, SuccessMessage } from '../../components/ui.tsx';
import { serverDetail } from '../../api/errors.ts';
import { useI18n, type I18n } from '../../i18n/index.tsx';
import { formatBytes, mediaKindLabel } from './catalogue-format.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/svg+xml'];
const DOCUMENT_TYPES = ['application/pdf'];

/** Upload failures in words: too large (413) and wrong type (415), with the API's reason on a Swedish page. */
export function uploadErrorText(i18n: Pick<I18n, 't' | 'locale'>, err: unknown): string | undefined {
  if (!isApiError(err)) return undefined;
  const detail = serverDetail(i18n, err);
  const withDetail = (s: string) => (detail ? `${s} ${detail}` : s);
  if (err.status === 413) return withDetail(i18n.t('media.tooLarge'));
  if (err.status === 415) return withDetail(i18n.t('media.wrongType'));
  if (err.status === 400) return withDetail(i18n.t('media.refused'));
  return undefined;
}

/**
 * Images and documents of an article: upload (React Aria FileTrigger) and remove. `onChanged` reloads the
 * article; the upload or removal is reported once the list shows it.
 */
export function MediaEditor({ article, onChanged }: { article: Article; onChanged: () => Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [kind, setKind] = useState<MediaKind>('image');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ArticleMedia | null>(null);
  const uploading = useMutation({
    /** multipart/form-data with kind, title and file (the file last, as the API reads the fields first). */
    mutationFn: (v: { kind: MediaKind; title: string; file: File }) => {
      const form = new FormData();
      form.append('kind', v.kind);
      if (v.title.trim()) form.append('title', v.title.trim());
      form.append('file', v.file, v.file.name);
      return upload('/api/catalogue/articles/{id}/media', { id: article.id }, form);
    },
    onMutate: () => setMessage(null),
    // Reported once the list shows it.
    onSuccess: async (_, v) => {
      setFile(null);
      setTitle('');
      await onChanged();
      setMessage(t('media.uploaded', { name: v.file.name }));
    },
  });
  const removal = useMutation({
    mutationFn: (m: ArticleMedia) => fetchClient.DELETE('/api/catalogue/media/{id}', { params: { path: { id: m.id } } }),
    onSuccess: async (_, m) => {
      setRemoving(null);
      await onChanged();
      setMessage(t('media.removed', { name: m.title ?? mediaKindLabel(t, m.kind) }));
    },
  });
  const error = uploading.error;

  const kindOptions = MEDIA_KINDS.map((k) => ({ id: k, label: mediaKindLabel(t, k) }));
  return (
    <Section title={t('media.title')} id="media-editor">
      {message ? <SuccessMessage>{message}</SuccessMessage> : null}
      {article.media.length ? (
        <ul className="chip-list" aria-label={t('media.current')}>
          {article.media.map((m) => (
            <li key={m.id} className="chip">
              <span className="media-chip">
                {m.thumbnailUrl ? <img src={m.thumbnailUrl} alt="" width={40} height={40} /> : null}
                <span>
                  {m.title ?? mediaKindLabel(t, m.kind)} <span className="muted small">({mediaKindLabel(t, m.kind)})</span>
                </span>
              </span>
              <Btn
                variant="danger"
                className="button--small"
                onPress={() => (removal.reset(), setRemoving(m))}
                aria-label={t('media.removeNamed', { name: m.title ?? mediaKindLabel(t, m.kind) })}
              >
                {t('common.remove')}
              </Btn>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('media.none')}</p>
      )}
      <h3 className="subheading">{t('media.uploadHeading')}</h3>
      <p className="help-text">{t('media.help')}</p>
      <ErrorAlert error={error} message={uploadErrorText(i18n, error)} />
      <div className="field-row">
        <SelectInput label={t('media.kind')} name="kind" value={kind} onChange={(x) => setKind(x ?? 'image')} options={kindOptions} isRequired />
        <TextInput label={t('media.fileTitle')} name="title" value={title} onChange={setTitle} maxLength={200} description={t('media.fileTitleHelp')} />
      </div>
      <div className="file-row">
        <FileTrigger
          acceptedFileTypes={kind === 'image' ? IMAGE_TYPES : DOCUMENT_TYPES}
          onSelect={(files) => {
            const f = files?.[0] ?? null;
            setFile(f);
            uploading.reset();
          }}
        >
          <Btn>{t('media.chooseFile')}</Btn>
        </FileTrigger>
        <p className="file-name" role="status">
          {file ? t('media.chosen', { name: file.name, size: formatBytes(file.size) }) : t('media.noFile')}
        </p>
      </div>
      <div className="button-row">
        <Btn variant="primary" onPress={() => file && uploading.mutate({ kind, title, file })} isDisabled={!file} isPending={uploading.isPending}>
          {t('media.upload')}
        </Btn>
      </div>
      <ConfirmModal
        isOpen={!!removing}
        onOpenChange={(o) => (o ? undefined : setRemoving(null))}
        title={t('media.removeTitle')}
        text={t('media.removeText', { name: removing?.title ?? (removing ? mediaKindLabel(t, removing.kind) : '') })}
        confirmLabel={t('common.remove')}
        onConfirm={() => removing && removal.mutate(removing)}
        error={removal.error}
        pending={removal.isPending}
      />
    </Section>
  );
}
