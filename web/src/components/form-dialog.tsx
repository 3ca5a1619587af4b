import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { issuesByField } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { AppModal, Btn, ErrorAlert } from './ui.tsx';

/**
 * A modal dialog around one form that sends one request: the title names the dialog, then `intro`, the
 * failure (if any), the fields (`children`), and a submit and a cancel button.
 *
 * On submit `send` is called; it returns the request, or null when there is nothing to send (a choice the
 * type allows but the form requires, not yet made). While the request runs the submit button is pending.
 * On success `onDone` gets the answer and the button stays pending: the caller closes the dialog. On
 * failure the error is shown and the button is free again.
 *
 * The dialog is open while it is rendered: the caller renders it when it should show, and `onClose`
 * (cancel, Escape, a press outside) asks the caller to stop rendering it.
 */
export function FormDialog<T>({
  title,
  onClose,
  send,
  onDone,
  submitLabel,
  submitVariant,
  shownFields,
  errorText,
  intro,
  children,
  isSubmitDisabled,
  role,
}: {
  title: string;
  onClose: () => void;
  send: () => Promise<T> | null;
  onDone: (result: T) => void;
  submitLabel: string;
  submitVariant?: 'primary' | 'danger';
  /**
   * The fields that show the server's issues about them (through the form's `validationErrors`); the alert
   * lists only the other issues. Without it no field shows a server issue: the alert lists them all.
   */
  shownFields?: readonly string[];
  /** The alert's text for a failure; by default the translated error code (see `errorMessage`). */
  errorText?: (err: unknown) => string | undefined;
  /** Shown above the failure and the fields: a help text, what the step does. */
  intro?: ReactNode;
  children?: ReactNode;
  /** The submit button is disabled (e.g. until a list the form needs is loaded). */
  isSubmitDisabled?: boolean;
  role?: 'dialog' | 'alertdialog';
}) {
  const { t } = useI18n();
  const mutation = useMutation({ mutationFn: (sending: Promise<T>) => sending, onSuccess: (result) => onDone(result) });
  const error = mutation.error;
  // After success the button stays pending: the caller closes the dialog.
  const pending = mutation.isPending || mutation.isSuccess;

  function submit() {
    let sending: Promise<T> | null;
    try {
      sending = send();
    } catch (e) {
      sending = Promise.reject(e);
    }
    if (!sending) return;
    // The mutation takes the failure over; this only keeps the browser from reporting it as unhandled meanwhile.
    sending.catch(() => undefined);
    mutation.mutate(sending);
  }

  return (
    <AppModal isOpen onOpenChange={(o) => (o ? undefined : onClose())} title={title} role={role ?? 'dialog'}>
      <Form
        className="form"
        // The same object for the same error (see issuesByField): a new one on every render would put the error back on each keystroke.
        validationErrors={shownFields ? issuesByField(error) : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {intro}
        <ErrorAlert error={error} message={errorText?.(error)} shownFields={shownFields} />
        {children}
        <div className="button-row">
          <Btn type="submit" variant={submitVariant ?? 'primary'} isPending={pending} isDisabled={isSubmitDisabled ?? false}>
            {submitLabel}
          </Btn>
          <Btn onPress={onClose}>{t('common.cancel')}</Btn>
        </div>
      </Form>
    </AppModal>
  );
}
