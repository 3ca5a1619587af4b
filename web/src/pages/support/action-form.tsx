import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { isApiError } from '../../api/client.ts';
import { issuesByField, serverDetail } from '../../api/errors.ts';
import { Btn, ErrorAlert, SuccessMessage } from '../../components/ui.tsx';
import { type I18n, type PlainMessageKey } from '../../i18n/index.tsx';

/**
 * A refusal in the reader's words: the page's own text for the error code (when it has one), followed on a
 * Swedish page by the server's detail when that says more (which case, which level).
 */
export function refusalText(i18n: Pick<I18n, 't' | 'locale'>, err: unknown, byCode: Partial<Record<string, PlainMessageKey>>): string | undefined {
  if (!isApiError(err)) return undefined;
  const key = byCode[err.code];
  if (!key) return undefined;
  const base = i18n.t(key);
  const detail = serverDetail(i18n, err);
  return detail && detail !== base ? `${base} ${detail}` : base;
}

/**
 * One inline form that sends one request (a reply, a note, a decision): the fields, a submit button, the
 * failure above the fields and a success message after. On success `onDone` clears what should be cleared;
 * the mutation's `send` invalidates the queries that show the result before it settles, so the message
 * appears with the new state on screen. A failure keeps every field as typed.
 */
export function ActionForm<T>({
  send,
  onDone,
  submitLabel,
  doneMessage,
  shownFields,
  errorText,
  children,
  submitVariant,
  isDisabled,
  className,
}: {
  send: () => Promise<T> | null;
  onDone?: (result: T) => void;
  submitLabel: string;
  doneMessage: (result: T) => string;
  shownFields?: readonly string[];
  errorText?: (err: unknown) => string | undefined;
  children?: ReactNode;
  submitVariant?: 'primary' | 'secondary' | 'danger';
  isDisabled?: boolean;
  className?: string;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (sending: Promise<T>) => sending,
    onSuccess: (result) => {
      setMessage(doneMessage(result));
      onDone?.(result);
    },
  });
  return (
    <Form
      className={`form ${className ?? ''}`}
      validationErrors={shownFields ? issuesByField(mutation.error) : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        let sending: Promise<T> | null;
        try {
          sending = send();
        } catch (err) {
          sending = Promise.reject(err);
        }
        if (!sending) return;
        sending.catch(() => undefined);
        mutation.mutate(sending);
      }}
    >
      {message && !mutation.isPending ? <SuccessMessage>{message}</SuccessMessage> : null}
      <ErrorAlert error={mutation.error} message={errorText?.(mutation.error)} shownFields={shownFields} />
      {children}
      <div className="button-row">
        <Btn type="submit" variant={submitVariant ?? 'primary'} isPending={mutation.isPending} isDisabled={isDisabled ?? false}>
          {submitLabel}
        </Btn>
      </div>
    </Form>
  );
}

/** Hours as the clock shows them: one decimal, in the page's language. */
export function hours(locale: 'sv' | 'en', h: number | null): string {
  return (Math.round(Math.abs(h ?? 0) * 10) / 10).toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB');
}
