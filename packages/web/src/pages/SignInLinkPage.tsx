/**
 * A one-time sign-in link (/sign-in/link#<token>): the token is read from the fragment (which
 * the browser never sends, so it stays out of every server's log), taken out of the address
 * at once, and posted. The session it opens must choose a password first: the app then shows
 * the password page. A used or expired link says so, with the way to the sign-in page.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, NetworkError } from '../api/client.ts';
import { LanguagePicker } from '../components/LanguagePicker.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { paths } from '../lib/routes.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useSession } from '../session.tsx';

/** The token of a fragment: "#abc" or "#token=abc". */
export function linkTokenOf(hash: string): string {
  const raw = hash.replace(/^#/, '').trim();
  const named = new URLSearchParams(raw).get('token');
  return (named ?? raw).trim();
}

export function SignInLinkPage() {
  const { t } = useLanguage();
  usePageTitle(t('signInLink.title'));
  const { signInWithLink } = useSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once, even under StrictMode's double effects: a link is good for one use.
    if (started.current) return;
    started.current = true;
    const token = linkTokenOf(window.location.hash);
    // The token leaves the address (and the history) before anything else happens.
    if (window.location.hash) history.replaceState(history.state, '', window.location.pathname);
    if (!token) {
      setError(t('signInLink.missing'));
      return;
    }
    signInWithLink(token).catch((e: unknown) => {
      setError(e instanceof ApiError ? e.message : e instanceof NetworkError ? t('error.network') : String(e));
    });
  }, [signInWithLink, t]);

  return (
    <main id="main" className="signin">
      <div className="card signin-card">
        <h1>{t('app.name')}</h1>
        <h2>{t('signInLink.title')}</h2>
        {error === null ? (
          <p role="status" aria-live="polite">{t('signInLink.working')}</p>
        ) : (
          <div className="notice notice-error" role="alert" data-testid="sign-in-link-error">
            <p>{error}</p>
            <p>{t('signInLink.askAgain')}</p>
          </div>
        )}
        <p><Link href={paths.signIn}>{t('signInLink.toSignIn')}</Link></p>
        <LanguagePicker className="signin-language" />
      </div>
    </main>
  );
}
