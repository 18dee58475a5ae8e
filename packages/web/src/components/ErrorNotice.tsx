import { Link, useLocation } from 'wouter';
import { ApiError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/catalogue.ts';
import { paths } from '../lib/routes.ts';
import { useSession } from '../session.tsx';

/** What a refused page was, by the first part of its address (/dashboard/…, /report/…). */
const REFUSED_WHAT: Readonly<Record<string, MessageKey>> = {
  dashboard: 'forbidden.what.dashboard',
  report: 'forbidden.what.report',
  targets: 'forbidden.what.targets',
  quality: 'forbidden.what.quality',
  import: 'forbidden.what.import',
  rules: 'forbidden.what.rules',
  documents: 'forbidden.what.documents',
  units: 'forbidden.what.units',
  accounts: 'forbidden.what.accounts',
};

/**
 * A page the user has no right to see: says so, names what was refused and whose units the
 * account may see, and leads back to the user's own dashboard. Trying again would not help.
 */
function RefusedNotice({ error }: { error: ApiError }) {
  const { t } = useLanguage();
  const { session, defaultCampaign } = useSession();
  const [location] = useLocation();
  const what = t(REFUSED_WHAT[location.split('/')[1] ?? ''] ?? 'forbidden.what.page');
  const own = session?.unit;
  return (
    <div className="notice notice-error notice-refused" role="alert" data-testid="refused">
      <h1>{t('forbidden.heading', { what })}</h1>
      {error.message && <p>{error.message}</p>}
      {own && <p>{t('forbidden.scope', { unit: own.name })}</p>}
      <p className="notice-actions">
        <Link className="button button-primary" href={own && defaultCampaign ? paths.dashboard(defaultCampaign, own.code) : paths.home}>
          {own ? t('forbidden.back', { unit: own.name }) : t('error.backHome')}
        </Link>
      </p>
    </div>
  );
}

/** What went wrong, in the user's language, with a way to try again or go back home; a refusal (403) has its own notice. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useLanguage();
  if (error instanceof ApiError && error.status === 403) return <RefusedNotice error={error} />;
  const message = error instanceof ApiError ? error.message || t('error.network') : t('error.network');
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
