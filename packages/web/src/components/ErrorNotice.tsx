import { Link } from 'wouter';
import { ApiError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { paths } from '../lib/routes.ts';

/** What went wrong, in the user's language, with a way to try again or go back home. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useLanguage();
  let message: string;
  if (error instanceof ApiError) message = error.message || t(error.status === 403 ? 'error.forbidden' : 'error.network');
  else message = t('error.network');
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      <p className="notice-actions">
        {onRetry && <button type="button" className="button" onClick={onRetry}>{t('error.retry')}</button>}
        <Link className="button button-quiet" href={paths.home}>{t('error.backHome')}</Link>
      </p>
    </div>
  );
}

export function Loading() {
  const { t } = useLanguage();
  return <p className="loading" role="status" aria-live="polite">{t('app.loading')}</p>;
}
