import { useState } from 'react';
import { Button } from 'react-aria-components';
import { dataOf, fetchClient } from '../../api/client.ts';
import { useInvalidate } from '../../api/query.ts';
import { TextAreaInput, TextInput } from '../../components/fields.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { AppModal, Btn, ButtonLink } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocation } from '../../router.ts';
import { validators } from '../../validation.ts';

/**
 * "Kontakta support", in the header of every page: a ticket with the page and the browser it came from. On
 * success a receipt with a link to the ticket; the page the user was on stays as it was (nothing typed there
 * is lost).
 */
export function SupportContactButton({ inPage = false }: { inPage?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<{ id: string; subject: string } | null>(null);
  return (
    <>
      {inPage ? (
        <Btn variant="primary" onPress={() => setOpen(true)}>
          {t('support.contact')}
        </Btn>
      ) : (
        <Button className="header-button" onPress={() => setOpen(true)}>
          {t('support.contact')}
        </Button>
      )}
      {open ? <SupportContactDialog onClose={() => setOpen(false)} onSent={(tk) => (setOpen(false), setSent(tk))} /> : null}
      {sent ? (
        <AppModal isOpen onOpenChange={(o) => (o ? undefined : setSent(null))} title={t('support.contactSentTitle')}>
          <p role="status">{t('support.contactSent', { subject: sent.subject })}</p>
          <div className="button-row">
            <ButtonLink variant="primary" href={`/support/arenden/${sent.id}`} onPress={() => setSent(null)}>
              {t('support.openTicket')}
            </ButtonLink>
            <Btn onPress={() => setSent(null)} autoFocus>
              {t('support.close')}
            </Btn>
          </div>
        </AppModal>
      ) : null}
    </>
  );
}

function SupportContactDialog({ onClose, onSent }: { onClose: () => void; onSent: (ticket: { id: string; subject: string }) => void }) {
  const { t } = useI18n();
  const v = validators(t);
  const invalidate = useInvalidate();
  const { href } = useLocation();
  // The page the form was opened on, kept as it was then.
  const [pageUrl] = useState(() => `${location.origin}${href}`);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormDialog
      title={t('support.contact')}
      onClose={onClose}
      send={() =>
        fetchClient
          .POST('/api/support/tickets', {
            body: { subject: subject.trim(), description: description.trim(), pageUrl, userAgent: navigator.userAgent.slice(0, 500) },
          })
          .then(dataOf)
      }
      onDone={(ticket) => {
        void invalidate('/api/support/tickets');
        onSent(ticket);
      }}
      submitLabel={t('support.contactSend')}
      shownFields={['subject', 'description']}
      intro={
        <>
          <p className="help-text">{t('support.contactIntro')}</p>
          <p className="help-text small">{t('support.fromPage', { page: href })}</p>
        </>
      }
    >
      <TextInput label={t('support.subject')} name="subject" value={subject} onChange={setSubject} isRequired validate={v.required} maxLength={200} autoFocus />
      <TextAreaInput
        label={t('support.description')}
        name="description"
        value={description}
        onChange={setDescription}
        isRequired
        validate={v.required}
        maxLength={10_000}
        description={t('support.descriptionHelp')}
      />
    </FormDialog>
  );
}
