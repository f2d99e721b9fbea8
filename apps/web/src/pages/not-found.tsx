import { Link } from 'react-router';
import { Page } from '../components/page';
import { useI18n } from '../i18n';

export function NotFound({ title, body }: { title?: string; body?: string }) {
  const { t } = useI18n();
  return (
    <Page title={title ?? t('notFound.title')}>
      <p>{body ?? t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}
