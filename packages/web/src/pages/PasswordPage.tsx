/**
 * Đổi mật khẩu: the user's own new password. After a sign-in with a temporary password or a
 * one-time link it is the only page the app opens (App.tsx) until the password is changed;
 * then the app goes on to the user's dashboard. The policy (length, common passwords, the
 * username) is the server's: its answer and the form's own checks come back in one list at
 * the top. "Đăng xuất mọi nơi" ends every session of the account, this one too.
 */
import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { PASSWORD_MIN_LENGTH } from '@giaoban/core';
import { ApiError, NetworkError } from '../api/client.ts';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import { paths } from '../lib/routes.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './OrganisationPages.css';

type PasswordField = 'currentPassword' | 'newPassword' | 'confirm';

function messageOf(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof NetworkError ? t('error.network') : String(error);
}

export function PasswordPage() {
  const { t } = useLanguage();
  usePageTitle(t('password.title'));
  const { session, mustChangePassword, signedInByLink, changePassword, signOutEverywhere } = useSession();
  const [, navigate] = useLocation();
  const id = useId();
  const ids: Record<PasswordField, string> = { currentPassword: `${id}-current`, newPassword: `${id}-new`, confirm: `${id}-confirm` };
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<readonly ErrorSummaryItem[] | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [done, setDone] = useState(false);
  const [endingAll, setEndingAll] = useState(false);
  const [endAllError, setEndAllError] = useState<string | null>(null);
  // A link's session has no password to give (the server asks none).
  const askCurrent = !signedInByLink;
  const allowLeaving = useUnsavedChanges(!busy && (current !== '' || next !== '' || confirm !== ''));

  const item = (field: PasswordField | null, text: string, key: string): ErrorSummaryItem => ({
    key, text, field: field ? () => document.getElementById(ids[field]) : null,
  });

  function show(list: { field: PasswordField | null; message: string }[]) {
    const onFields: Partial<Record<PasswordField, string>> = {};
    for (const { field, message } of list) if (field && !onFields[field]) onFields[field] = message;
    setFieldErrors(onFields);
    setProblems(list.map((p, index) => item(p.field, p.message, `${p.field ?? 'form'}#${index}`)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    const local: { field: PasswordField; message: string }[] = [];
    // A forced change may come from a link opened in another tab: the server says whether the current password is needed.
    if (askCurrent && current === '' && !mustChangePassword) local.push({ field: 'currentPassword', message: t('password.currentRequired') });
    if (next === '') local.push({ field: 'newPassword', message: t('password.newRequired', { min: PASSWORD_MIN_LENGTH }) });
    if (next !== '' && confirm !== next) local.push({ field: 'confirm', message: t('password.mismatch') });
    // Nothing is sent while the two new passwords differ: which one was meant is not known.
    if (local.length > 0) {
      show(local);
      return;
    }
    setBusy(true);
    try {
      await changePassword(askCurrent ? { currentPassword: current, newPassword: next } : { newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setProblems(null);
      setFieldErrors({});
      if (mustChangePassword) {
        allowLeaving();
        navigate(paths.home, { replace: true });
        return;
      }
      setDone(true);
    } catch (error) {
      const list = error instanceof ApiError && error.fields.length > 0
        ? error.fields.map(({ field, message }) => ({ field: field in ids ? (field as PasswordField) : null, message }))
        : [{ field: null, message: messageOf(error, t) }];
      show(list);
    } finally {
      setBusy(false);
    }
  }

  async function endEverywhere() {
    if (!window.confirm(t('password.everywhereConfirm'))) return;
    setEndingAll(true);
    setEndAllError(null);
    try {
      allowLeaving();
      await signOutEverywhere();
      navigate(paths.signIn, { replace: true });
    } catch (error) {
      setEndAllError(messageOf(error, t));
      setEndingAll(false);
    }
  }

  return (
    <div className="password-page">
      <header className="page-header">
        <h1>{t('password.title')}</h1>
        {session && <p className="muted">{t('password.account', { username: session.user.username, name: session.user.displayName })}</p>}
      </header>
      {mustChangePassword && (
        <p className="notice notice-info" data-testid="password-required">
          {signedInByLink ? t('password.requiredByLink') : t('password.required')}
        </p>
      )}
      <form className="card password-form" onSubmit={(e) => void submit(e)} noValidate>
        {problems && <ErrorSummary title={t('password.errorSummary')} items={problems} />}
        {askCurrent && (
          <Field id={ids.currentPassword} label={mustChangePassword ? t('password.currentTemporary') : t('password.current')} error={fieldErrors.currentPassword}>
            {(control) => (
              <input {...control} type="password" name="current-password" autoComplete="current-password" value={current}
                onChange={(e) => setCurrent(e.target.value)} />
            )}
          </Field>
        )}
        <Field id={ids.newPassword} label={t('password.new')} hint={t('password.policy', { min: PASSWORD_MIN_LENGTH })} error={fieldErrors.newPassword}>
          {(control) => (
            <input {...control} type="password" name="new-password" autoComplete="new-password" value={next}
              onChange={(e) => setNext(e.target.value)} />
          )}
        </Field>
        <Field id={ids.confirm} label={t('password.confirm')} error={fieldErrors.confirm}>
          {(control) => (
            <input {...control} type="password" name="confirm-password" autoComplete="new-password" value={confirm}
              onChange={(e) => setConfirm(e.target.value)} />
          )}
        </Field>
        <p className="actions">
          <SubmitButton busy={busy} label={t('password.submit')} busyLabel={t('password.saving')} />
        </p>
        <p role="status" className={done ? 'notice notice-ok' : 'visually-hidden'}>{done ? t('password.changed') : ''}</p>
      </form>
      <section className="card password-everywhere" aria-labelledby={`${id}-everywhere`}>
        <h2 id={`${id}-everywhere`}>{t('password.everywhere')}</h2>
        <p className="field-hint">{t('password.everywhereHint')}</p>
        {endAllError && <p className="notice notice-error" role="alert">{endAllError}</p>}
        <button type="button" className="button" onClick={() => void endEverywhere()} disabled={endingAll}>
          {t('password.everywhere')}
        </button>
      </section>
    </div>
  );
}
