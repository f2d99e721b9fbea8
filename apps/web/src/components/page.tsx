import { ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

/** The first page of a visit keeps the browser's focus at the top (the skip link comes first). */
let firstPage = true;

/** A page: its unique title in the tab, its one h1, focus moved to it when another page opens. */
export function Page({ title, children, lead }: { title: string; children: ReactNode; lead?: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, [title, t]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="page-title">
        {title}
      </h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('app.loading')}
    </p>
  );
}

export function Alert({ kind, title, children }: { kind: 'error' | 'success' | 'info' | 'warning'; title?: string; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert-title">{title}</p>}
      <div>{children}</div>
    </div>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  return <Alert kind="error">{t('app.error', { message: error instanceof Error ? error.message : String(error) })}</Alert>;
}
