import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Breadcrumb, Breadcrumbs, Button, Dialog, Heading, Link, Modal, ModalOverlay, type ButtonProps, type LinkProps } from 'react-aria-components';
import { isApiError } from '../api/client.ts';
import { issueField, issueText } from '../api/errors.ts';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { navigationCount } from '../router.ts';

// Building blocks shared by the pages: page frame, messages, data loading and dialogs.

export function Page({
  title,
  children,
  actions,
  breadcrumbs,
  intro,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: { href?: string; label: string }[];
  intro?: ReactNode;
}) {
  const { t } = useI18n();
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  // After a client-side navigation, move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    if (navigationCount() > 0) h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page">
      {breadcrumbs ? (
        <nav aria-label={t('common.breadcrumbs')} className="breadcrumbs-nav">
          <Breadcrumbs className="breadcrumbs">
            {breadcrumbs.map((b, i) => (
              <Breadcrumb key={i} id={i} className="breadcrumb">
                {b.href ? (
                  <Link className="link" href={b.href}>
                    {b.label}
                  </Link>
                ) : (
                  <span className="breadcrumb-current" aria-current="page">
                    {b.label}
                  </span>
                )}
              </Breadcrumb>
            ))}
          </Breadcrumbs>
        </nav>
      ) : null}
      <div className="page-head">
        <h1 ref={h1} tabIndex={-1} className="page-title">
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {intro ? <p className="page-intro">{intro}</p> : null}
      {children}
    </div>
  );
}

export function Section({ title, children, id, headingLevel }: { title: string; children: ReactNode; id?: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 3 ? 'h3' : 'h2';
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section className="card" aria-labelledby={headingId} id={id}>
      <H className="card-title" id={headingId}>
        {title}
      </H>
      {children}
    </section>
  );
}

/** The translated text of a failure, with what the user can do about it. */
export function errorMessage(i18n: Pick<I18n, 't' | 'tMaybe'>, err: unknown): string {
  const { t, tMaybe } = i18n;
  if (!isApiError(err)) return t('error.unknown');
  let msg = tMaybe(`error.${err.code}`) ?? (err.status >= 500 ? t('error.INTERNAL') : t('error.unknown'));
  if (err.retryAfterSeconds && (err.code === 'ACCOUNT_LOCKED' || err.code === 'TOO_MANY_REQUESTS')) {
    msg +=
      ' ' +
      (err.retryAfterSeconds >= 120
        ? t('error.retryAfterMinutes', { minutes: Math.ceil(err.retryAfterSeconds / 60) })
        : t('error.retryAfterSeconds', { seconds: err.retryAfterSeconds }));
  }
  return msg;
}

/**
 * A failure shown above a form or a list. Field issues the form shows next to its fields are left out;
 * issues without a field are listed here. For server faults (5xx) the request id is shown for support.
 */
export function ErrorAlert({ error, shownFields, message }: { error: unknown; shownFields?: readonly string[]; message?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!error) return null;
  const api = isApiError(error) ? error : null;
  const fieldNames = new Set(shownFields ?? []);
  const other = (api?.issues ?? []).filter((i) => !fieldNames.has(issueField(i.path)));
  return (
    <div className="alert alert--error" role="alert">
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <div className="alert-body">
        <p className="alert-title">{message ?? errorMessage(i18n, error)}</p>
        {other.length ? (
          <ul className="alert-list">
            {other.map((i) => (
              <li key={i.path + (i.code ?? i.message)}>{issueText(i18n, i)}</li>
            ))}
          </ul>
        ) : null}
        {api && (api.status >= 500 || api.status === 0) && api.requestId ? <p className="alert-meta">{t('error.requestId', { id: api.requestId })}</p> : null}
      </div>
    </div>
  );
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert--success" role="status">
      <span className="alert-icon" aria-hidden="true">
        ✓
      </span>
      <div className="alert-body">
        <p className="alert-title">{children}</p>
      </div>
    </div>
  );
}

/** A polite live region: the text is read out when it changes (counts, saved notices). */
export function LiveStatus({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p className={className ?? 'live-status'} role="status">
      {children}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function ButtonLink(props: LinkProps & { variant?: 'primary' | 'secondary' }) {
  const { variant, className, ...rest } = props;
  return <Link {...rest} className={`button button--${variant ?? 'secondary'} ${typeof className === 'string' ? className : ''}`} />;
}

/**
 * A React Aria Button in the app's styles. `isPending` is handled here rather than by React Aria: its
 * pending announcement leaves a live-region node pointing at the button, which dangles (an axe
 * violation) when the button goes away on success, as most of ours do (dialogs close, pages change).
 * While pending the button ignores presses and does not submit its form again.
 */
export function Btn(props: ButtonProps & { variant?: 'primary' | 'secondary' | 'danger' | 'quiet' }) {
  const { variant, className, isPending, onPress, type, children, ...rest } = props;
  const classes = `button button--${variant ?? 'secondary'} ${isPending ? 'is-pending' : ''} ${typeof className === 'string' ? className : ''}`;
  return (
    <Button {...rest} type={isPending && type === 'submit' ? 'button' : type} {...(onPress && !isPending ? { onPress } : {})} className={classes}>
      {(rp) => (
        <>
          {isPending ? <span className="spinner spinner--small" aria-hidden="true" /> : null}
          {typeof children === 'function' ? children(rp) : children}
        </>
      )}
    </Button>
  );
}

export function Badge({ tone, children }: { tone: 'ok' | 'muted' | 'warn' | 'info'; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

/** A modal dialog (React Aria Modal + Dialog) with a heading; closes on Escape and outside press. */
export function AppModal({
  isOpen,
  onOpenChange,
  title,
  children,
  role,
  isDismissable,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  isDismissable?: boolean;
}) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable ?? true}>
      <Modal className="modal">
        <Dialog className="dialog" role={role ?? 'dialog'}>
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export function ConfirmModal({
  isOpen,
  onOpenChange,
  title,
  text,
  confirmLabel,
  onConfirm,
  error,
  pending,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  text: string;
  confirmLabel: string;
  onConfirm: () => void;
  error?: unknown;
  pending?: boolean;
}) {
  const { t } = useI18n();
  return (
    <AppModal isOpen={isOpen} onOpenChange={onOpenChange} title={title} role="alertdialog">
      <p>{text}</p>
      <ErrorAlert error={error} />
      <div className="button-row">
        <Btn variant="danger" onPress={onConfirm} isPending={pending ?? false}>
          {confirmLabel}
        </Btn>
        <Btn onPress={() => onOpenChange(false)} autoFocus>
          {t('common.cancel')}
        </Btn>
      </div>
    </AppModal>
  );
}

/**
 * Tables scroll sideways on narrow screens. Keyboard users scroll them by moving through the cells
 * (the React Aria table is one tab stop with arrow-key navigation), so the wrapper needs no tab stop.
 */
export function TableScroll({ children }: { children: ReactNode }) {
  return <div className="table-scroll">{children}</div>;
}

// A one-shot message carried to the next page (e.g. "The user has been created" after a redirect).
let flash: string | null = null;
export function setFlash(message: string) {
  flash = message;
}
export function takeFlash(): string | null {
  const f = flash;
  flash = null;
  return f;
}
export function useFlash(): [string | null, (m: string | null) => void] {
  const [msg, setMsg] = useState<string | null>(() => takeFlash());
  return [msg, setMsg];
}

/** Debounces a value for search-as-you-type. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** "Visa fler" under a list served in keyset pages (usePagedList / pagedList): shown while there is a next page. */
export function ShowMore({
  list,
  label,
}: {
  list: { nextCursor: string | null; loading: boolean; loadingMore: boolean; loadMore: () => Promise<void> };
  label?: string;
}) {
  const { t } = useI18n();
  if (!list.nextCursor) return null;
  return (
    <div className="button-row">
      <Btn onPress={() => void list.loadMore()} isPending={list.loadingMore} isDisabled={list.loading}>
        {label ?? t('common.showMore')}
      </Btn>
    </div>
  );
}
