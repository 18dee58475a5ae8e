import { useId, useMemo, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiError, NetworkError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { LanguagePicker } from '../components/LanguagePicker.tsx';
import { paths } from '../lib/routes.ts';
import { useSession } from '../session.tsx';

export function SignInPage() {
  const { t } = useLanguage();
  usePageTitle(t('title.signIn'));
  const { signIn } = useSession();
  const [, navigate] = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const usernameId = useId();
  // The refusal at the top of the form like every form's, focused, its line a link to the username.
  const summary = useMemo(
    () => (error ? [{ key: 'sign-in', text: error, field: () => document.getElementById(usernameId) }] : []),
    [error, usernameId],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(paths.home, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : e instanceof NetworkError ? t('error.network') : String(e));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <form className="card signin-card" onSubmit={submit} noValidate aria-describedby="signin-intro">
        <h1>{t('app.name')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <h2>{t('signIn.title')}</h2>
        <p id="signin-intro">{t('signIn.intro')}</p>
        {/* One message for both fields (which of the two is wrong is not told), above them. */}
        {error && <ErrorSummary id={errorId} title={t('signIn.errorSummary')} items={summary} />}
        <Field id={usernameId} label={t('signIn.username')} invalid={error !== null} describedBy={error ? errorId : undefined}>
          {(control) => (
            <input {...control} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username}
              onChange={(e) => setUsername(e.target.value)} required />
          )}
        </Field>
        <Field label={t('signIn.password')} invalid={error !== null} describedBy={error ? errorId : undefined}>
          {(control) => (
            <input {...control} name="password" type="password" autoComplete="current-password" value={password}
              onChange={(e) => setPassword(e.target.value)} required />
          )}
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>{busy ? t('signIn.working') : t('signIn.submit')}</button>
        <LanguagePicker className="signin-language" />
      </form>
    </main>
  );
}
