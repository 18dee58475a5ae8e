/**
 * Tài khoản: the accounts of a unit's subtree (unit, role, state, last sign-in), filtered by
 * text (without diacritics too) and state. A manager creates an account for a unit picked by
 * search, with a role no higher than their own and a temporary password or a one-time link,
 * shown once with a copy button; disables and re-enables, resets, signs an account out
 * everywhere; and creates many reporter accounts from a file, whose temporary passwords
 * download as a workbook (once).
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { formatNumber, grantableRoles, matchesSearch } from '@giaoban/core';
import { api } from '../api/client.ts';
import type { Account, AccountCredentialResponse, Credential, Role, UpdateAccountBody } from '../api/organisation.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { RowErrorsTable } from '../components/RowErrorsTable.tsx';
import { UnitSearch, type PickedUnit } from '../components/UnitSearch.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { saveBlob } from '../lib/download.ts';
import { messageOf, problemsOf, useFormProblems, type Problem } from '../lib/form-problems.ts';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { useSheetUpload } from '../lib/use-sheet-upload.ts';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './OrganisationPages.css';

type StateFilter = 'all' | 'active' | 'disabled' | 'mustChange';
const STATE_FILTERS: readonly StateFilter[] = ['all', 'active', 'disabled', 'mustChange'];
/** Rows shown before "Xem thêm". */
const LIST_PAGE = 100;

/** What a person reads of an account's state: disabled, else bound to change its temporary password, else active. */
function stateOf(account: Account): Exclude<StateFilter, 'all'> {
  if (!account.active) return 'disabled';
  return account.mustChangePassword ? 'mustChange' : 'active';
}

export function AccountsPage() {
  const { unit = '' } = useParams<{ unit: string }>();
  return <AccountsOf key={unit} root={unit} />;
}

function AccountsOf({ root }: { root: string }) {
  const { t, language } = useLanguage();
  const { session, can } = useSession();
  const place = useLoad(() => api.unit(root), [root, language]);
  const list = useLoad(() => api.accounts(root, true), [root, language]);
  const rootName = place.data?.unit.name ?? root;
  usePageTitle(place.data ? t('accounts.titleOf', { unit: rootName }) : t('accounts.title'));
  const [text, setText] = useState('');
  const [state, setState] = useState<StateFilter>('all');
  const [limit, setLimit] = useState(LIST_PAGE);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<AccountCredentialResponse | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filterId = useId();

  const accounts = useMemo(() => list.data?.accounts ?? [], [list.data]);
  const shown = useMemo(() => accounts.filter((a) =>
    (state === 'all' || stateOf(a) === state)
    && (text.trim() === '' || matchesSearch(`${a.username} ${a.displayName} ${a.unit.name} ${a.unit.code} ${a.email ?? ''}`, text))), [accounts, state, text]);

  const error = place.error ?? list.error;
  if (error) return <ErrorNotice error={error} onRetry={() => { place.reload(); list.reload(); }} />;
  if (!place.data || !list.data || !session) return <Loading />;
  const chosen = open ? accounts.find((a) => a.username === open) ?? null : null;

  function replaced(account: Account) {
    if (!list.data) return;
    list.set({ accounts: list.data.accounts.map((a) => (a.username === account.username ? account : a)) });
  }

  return (
    <div className="accounts-page">
      <header className="page-header">
        <h1>{t('accounts.heading', { unit: rootName })}</h1>
        <p className="field-hint">{t('accounts.intro')}</p>
        {can('units.manage') && <p><Link href={paths.units(root)}>{t('accounts.toUnits')}</Link></p>}
      </header>
      <p role="status" className={notice ? 'notice notice-ok' : 'visually-hidden'} data-testid="accounts-notice">{notice ?? ''}</p>
      {secret && <SecretNotice answer={secret} onDone={() => setSecret(null)} />}

      {creating ? (
        <CreateAccountForm scope={root} defaultUnit={{ code: root, name: rootName }} actorRole={session.user.role}
          onCancel={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false);
            setSecret(answer.temporaryPassword || answer.signInLink ? answer : null);
            setNotice(t('accounts.created', { username: answer.account.username, role: answer.account.roleLabel, unit: answer.account.unit.name }));
            list.set({ accounts: [...accounts, answer.account].sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.username.localeCompare(b.username)) });
          }} />
      ) : (
        <p className="actions"><button type="button" className="button button-primary" onClick={() => { setCreating(true); setNotice(null); }}>{t('accounts.create.open')}</button></p>
      )}

      <section aria-labelledby={`${filterId}-list`} className="accounts-list">
        <h2 id={`${filterId}-list`}>{t('accounts.title')}</h2>
        <div className="toolbar accounts-filters">
          <Field label={t('accounts.filter.text')} hint={t('accounts.filter.textHint')} className="accounts-filter-text">
            {(control) => <input {...control} type="search" value={text} autoComplete="off" spellCheck={false} onChange={(e) => { setText(e.target.value); setLimit(LIST_PAGE); }} />}
          </Field>
          <Field label={t('accounts.filter.state')}>
            {(control) => (
              <select {...control} value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
                {STATE_FILTERS.map((s) => <option key={s} value={s}>{t(`accounts.filter.${s}`)}</option>)}
              </select>
            )}
          </Field>
        </div>
        <p className="muted">{t('accounts.count', { shown: formatNumber(shown.length, 0), total: formatNumber(accounts.length, 0) })}</p>
        {shown.length === 0 ? <p className="notice notice-info">{t('accounts.none')}</p> : (
          <div className="table-scroll">
            <table className="accounts-table" data-testid="accounts-table">
              <caption className="visually-hidden">{t('accounts.caption', { unit: rootName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.col.account')}</th>
                  <th scope="col">{t('accounts.col.unit')}</th>
                  <th scope="col">{t('accounts.col.role')}</th>
                  <th scope="col">{t('accounts.col.state')}</th>
                  <th scope="col">{t('accounts.col.lastSignIn')}</th>
                  <th scope="col"><span className="visually-hidden">{t('accounts.col.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, limit).map((a) => (
                  <tr key={a.username} data-username={a.username} className={a.username === open ? 'accounts-row-open' : undefined}>
                    <th scope="row">
                      <span className="accounts-name">{a.displayName}</span>
                      <span className="muted accounts-username">{a.username} {a.username === session.user.username ? t('accounts.you') : ''}</span>
                    </th>
                    <td data-label={t('accounts.col.unit')}>{a.unit.name} <span className="muted">({a.unit.code})</span></td>
                    <td data-label={t('accounts.col.role')}>{a.roleLabel}</td>
                    <td data-label={t('accounts.col.state')}><span className={`accounts-state accounts-state-${stateOf(a)}`}>{t(`accounts.state.${stateOf(a)}`)}</span></td>
                    <td data-label={t('accounts.col.lastSignIn')} className="nowrap">{a.lastSignIn?.text ?? <span className="muted">{t('accounts.never')}</span>}</td>
                    <td className="accounts-actions">
                      {a.username !== session.user.username && (
                        <button type="button" className="button" aria-expanded={a.username === open}
                          aria-label={t('accounts.manageOf', { username: a.username })}
                          onClick={() => { setOpen(a.username === open ? null : a.username); setNotice(null); }}>
                          {t('accounts.manage')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {shown.length > limit && (
          <p><button type="button" className="button" onClick={() => setLimit(limit + LIST_PAGE)}>
            {t('common.showMore', { count: formatNumber(shown.length - limit, 0) })}
          </button></p>
        )}
        {chosen && (
          <AccountPanel key={`${chosen.username}|${chosen.displayName}|${chosen.role}|${chosen.email ?? ''}`} account={chosen} actorRole={session.user.role} onClose={() => setOpen(null)}
            onChanged={(account, message) => { replaced(account); setNotice(message); }}
            onSecret={(answer) => { replaced(answer.account); setSecret(answer); }}
            onNotice={setNotice} />
        )}
      </section>

      <UploadAccounts root={root} onDone={(message) => { setNotice(message); list.refresh(); }} />
    </div>
  );
}

/** The password or the link of a new (or reset) account, shown this once, with a copy button. */
function SecretNotice({ answer, onDone }: { answer: AccountCredentialResponse; onDone: () => void }) {
  const { t } = useLanguage();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const link = answer.signInLink ? new URL(answer.signInLink, window.location.origin).toString() : null;
  const value = answer.temporaryPassword ?? link ?? '';

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="notice notice-warn accounts-secret" role="alert" ref={box} data-testid="account-secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('accounts.secret.title', { username: answer.account.username })}</h2>
      <p>{t('accounts.secret.once')}</p>
      <p className="accounts-secret-label">{answer.temporaryPassword ? t('accounts.secret.password') : t('accounts.secret.link')}</p>
      <p className="accounts-secret-value"><code data-testid={answer.temporaryPassword ? 'temporary-password' : 'sign-in-link'}>{value}</code></p>
      {answer.expiresAt && <p className="field-hint">{t('accounts.secret.expires', { time: answer.expiresAt.text })}</p>}
      <p className="actions">
        <button type="button" className="button" onClick={() => void copy()}>{t('accounts.secret.copy')}</button>
        <button type="button" className="button button-quiet" onClick={onDone}>{t('accounts.secret.done')}</button>
        <span role="status" aria-live="polite">{copied === 'yes' ? t('accounts.secret.copied') : copied === 'failed' ? t('accounts.secret.copyFailed') : ''}</span>
      </p>
    </div>
  );
}

function CreateAccountForm({ scope, defaultUnit, actorRole, onCancel, onCreated }: {
  scope: string;
  defaultUnit: PickedUnit;
  actorRole: Role;
  onCancel: () => void;
  onCreated: (answer: AccountCredentialResponse) => void;
}) {
  const { t, language } = useLanguage();
  const id = useId();
  const ids: Record<string, string> = {
    unit: `${id}-unit`, username: `${id}-username`, displayName: `${id}-name`, role: `${id}-role`, email: `${id}-email`,
    language: `${id}-language`, credential: `${id}-credential`,
  };
  const roles = grantableRoles(actorRole);
  const [unit, setUnit] = useState<PickedUnit | null>(defaultUnit);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('reporter') ? 'reporter' : roles[roles.length - 1] ?? 'viewer');
  const [email, setEmail] = useState('');
  const [accountLanguage, setAccountLanguage] = useState<'vi' | 'en'>(language);
  const [credential, setCredential] = useState<Credential>('password');
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const allowLeaving = useUnsavedChanges(!busy && (username !== '' || displayName !== '' || email !== ''), t('accounts.create.leaveConfirm'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Problem[] = [];
    if (!unit) local.push({ field: 'unit', message: t('accounts.create.unitRequired') });
    if (username.trim() === '') local.push({ field: 'username', message: t('accounts.create.usernameRequired') });
    if (displayName.trim() === '') local.push({ field: 'displayName', message: t('accounts.create.displayNameRequired') });
    if (local.length > 0 || !unit) {
      setProblems(local);
      return;
    }
    setBusy(true);
    try {
      const answer = await api.createAccount(unit.code, {
        username: username.trim(), displayName: displayName.trim(), role, credential, language: accountLanguage,
        ...(email.trim() ? { email: email.trim() } : {}),
      });
      allowLeaving();
      onCreated(answer);
    } catch (error) {
      setProblems(problemsOf(error, t));
      setBusy(false);
    }
  }

  return (
    <section className="card accounts-create" aria-labelledby={`${id}-title`} data-testid="account-create">
      <h2 id={`${id}-title`}>{t('accounts.create.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {problems && problems.length > 0 && <ErrorSummary title={t('accounts.create.errorSummary')} items={items} />}
        <UnitSearch id={ids.unit} scope={scope} label={t('accounts.create.unit')} value={unit} onChange={setUnit} error={errors.unit ?? errors.unitCode} />
        <Field id={ids.username} label={t('accounts.create.username')} hint={t('accounts.create.usernameHint')} error={errors.username}>
          {(control) => <input {...control} type="text" value={username} autoComplete="off" autoCapitalize="none" spellCheck={false} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field id={ids.displayName} label={t('accounts.create.displayName')} error={errors.displayName}>
          {(control) => <input {...control} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field id={ids.role} label={t('accounts.create.role')} hint={t('accounts.create.roleHint', { role: t(`role.${actorRole}`) })} error={errors.role}>
          {(control) => (
            <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>
          )}
        </Field>
        <Field id={ids.email} label={t('accounts.create.email')} error={errors.email}>
          {(control) => <input {...control} type="email" value={email} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field id={ids.language} label={t('accounts.create.language')} error={errors.language}>
          {(control) => (
            <select {...control} value={accountLanguage} onChange={(e) => setAccountLanguage(e.target.value === 'en' ? 'en' : 'vi')}>
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          )}
        </Field>
        <fieldset className="accounts-credential" id={ids.credential}>
          <legend>{t('accounts.create.credential')}</legend>
          {(['password', 'link'] as const).map((c) => (
            <label key={c} className="checkbox">
              <input type="radio" name={`${id}-credential`} value={c} checked={credential === c} onChange={() => setCredential(c)} aria-describedby={`${id}-credential-${c}`} />
              <span>
                {t(`accounts.create.credential.${c}`)}
                <span id={`${id}-credential-${c}`} className="field-hint accounts-hint">{t(`accounts.create.credential.${c}Hint`)}</span>
              </span>
            </label>
          ))}
          {errors.credential && <span className="field-error">{errors.credential}</span>}
        </fieldset>
        <p className="actions">
          <SubmitButton busy={busy} label={t('accounts.create.submit')} busyLabel={t('accounts.create.saving')} />
          <button type="button" className="button button-quiet" onClick={() => { allowLeaving(); onCancel(); }}>{t('common.cancel')}</button>
        </p>
      </form>
    </section>
  );
}

function AccountPanel({ account, actorRole, onClose, onChanged, onSecret, onNotice }: {
  account: Account;
  actorRole: Role;
  onClose: () => void;
  onChanged: (account: Account, notice: string) => void;
  onSecret: (answer: AccountCredentialResponse) => void;
  onNotice: (notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = useMemo(() => (error ? [{ key: 'action', text: error, field: null }] : []), [error]);
  const name = { username: account.username };

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(messageOf(e, t));
    } finally {
      setBusy(false);
    }
  }

  const toggle = () => run(async () => {
    if (account.active && !window.confirm(t('accounts.disableConfirm', name))) return;
    const { account: next } = await api.updateAccount(account.unit.code, account.username, { active: !account.active });
    onChanged(next, t(next.active ? 'accounts.enabled' : 'accounts.disabled', name));
  });
  const reset = (credential: Credential) => run(async () => {
    if (!window.confirm(t('accounts.resetConfirm', name))) return;
    onSecret(await api.resetAccount(account.unit.code, account.username, credential));
  });
  const signOut = () => run(async () => {
    if (!window.confirm(t('accounts.signOutConfirm', name))) return;
    const { signedOut } = await api.signOutAccount(account.unit.code, account.username);
    onNotice(t('accounts.signedOut', { username: account.username, count: formatNumber(signedOut, 0) }));
  });

  return (
    <section className="card accounts-panel" aria-labelledby={`${id}-title`} data-testid="account-panel">
      <h3 id={`${id}-title`}>{t('accounts.panel.title', name)}</h3>
      <p className="muted">
        {account.displayName} · {account.roleLabel} · {account.unit.name}
        {' · '}{t('accounts.panel.created', { time: account.createdAt.text })}
        {account.email && <> · {t('accounts.panel.email', { email: account.email })}</>}
      </p>
      {error && <ErrorSummary title={t('accounts.actionFailed')} items={items} />}
      <p className="actions">
        <button type="button" className={account.active ? 'button button-danger' : 'button'} disabled={busy} onClick={() => void toggle()}>
          {account.active ? t('accounts.disable') : t('accounts.enable')}
        </button>
        <button type="button" className="button" disabled={busy || !account.active} onClick={() => void reset('password')}>{t('accounts.reset')}</button>
        <button type="button" className="button" disabled={busy || !account.active} onClick={() => void reset('link')}>{t('accounts.resetLink')}</button>
        <button type="button" className="button" disabled={busy} onClick={() => void signOut()}>{t('accounts.signOut')}</button>
        <button type="button" className="button button-quiet" onClick={onClose}>{t('accounts.close')}</button>
      </p>
      <EditAccountForm account={account} actorRole={actorRole} onSaved={onChanged} />
    </section>
  );
}

/** The account's name, role (none above the editor's own) and email, changed in one PATCH. */
function EditAccountForm({ account, actorRole, onSaved }: { account: Account; actorRole: Role; onSaved: (account: Account, notice: string) => void }) {
  const { t } = useLanguage();
  const id = useId();
  const ids: Record<string, string> = { displayName: `${id}-name`, role: `${id}-role`, email: `${id}-email` };
  const grantable = grantableRoles(actorRole);
  const roles = grantable.includes(account.role) ? grantable : [account.role, ...grantable];
  const [displayName, setDisplayName] = useState(account.displayName);
  const [role, setRole] = useState<Role>(account.role);
  const [email, setEmail] = useState(account.email ?? '');
  const [busy, setBusy] = useState(false);
  const { problems, setProblems, items, errors } = useFormProblems(ids);
  const changes: UpdateAccountBody = {
    ...(displayName.trim() !== account.displayName ? { displayName: displayName.trim() } : {}),
    ...(role !== account.role ? { role } : {}),
    ...(email.trim() !== (account.email ?? '') ? { email: email.trim() || null } : {}),
  };
  const dirty = Object.keys(changes).length > 0;
  const allowLeaving = useUnsavedChanges(dirty && !busy, t('accounts.edit.leaveConfirm'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (displayName.trim() === '') return setProblems([{ field: 'displayName', message: t('accounts.create.displayNameRequired') }]);
    if (!dirty) return setProblems([{ field: null, message: t('accounts.edit.noChanges') }]);
    setBusy(true);
    try {
      const { account: next } = await api.updateAccount(account.unit.code, account.username, changes);
      allowLeaving();
      onSaved(next, t('accounts.edit.saved', { username: next.username }));
    } catch (error) {
      setProblems(problemsOf(error, t));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="accounts-edit" data-testid="account-edit">
      <h4>{t('accounts.edit.title')}</h4>
      {problems && problems.length > 0 && <ErrorSummary title={t('accounts.edit.errorSummary')} items={items} />}
      <Field id={ids.displayName} label={t('accounts.create.displayName')} error={errors.displayName}>
        {(control) => <input {...control} type="text" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
      </Field>
      <Field id={ids.role} label={t('accounts.create.role')} hint={t('accounts.create.roleHint', { role: t(`role.${actorRole}`) })} error={errors.role}>
        {(control) => (
          <select {...control} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => <option key={r} value={r} disabled={!grantable.includes(r)}>{t(`role.${r}`)}</option>)}
          </select>
        )}
      </Field>
      <Field id={ids.email} label={t('accounts.create.email')} error={errors.email}>
        {(control) => <input {...control} type="email" value={email} autoComplete="off" onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <p className="actions">
        <SubmitButton busy={busy} label={t('accounts.edit.submit')} busyLabel={t('accounts.create.saving')} />
      </p>
    </form>
  );
}

function UploadAccounts({ root, onDone }: { root: string; onDone: (notice: string) => void }) {
  const { t } = useLanguage();
  const id = useId();
  const fileId = `${id}-file`;
  const upload = useSheetUpload({
    fileId, noFile: t('accounts.upload.noFile'), badType: (name) => t('accounts.upload.badType', { name }),
    send: (file) => api.uploadAccounts(root, file),
    onSent: (answer) => {
      saveBlob(answer.blob, answer.fileName);
      onDone(t('accounts.upload.done', { count: formatNumber(answer.created ?? 0, 0), file: answer.fileName }));
    },
  });

  return (
    <section className="card accounts-upload" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('accounts.upload.title')}</h2>
      <p className="field-hint">{t('accounts.upload.help')}</p>
      <form onSubmit={(e) => void upload.submit(e)} noValidate>
        {upload.problem && <ErrorSummary title={t('accounts.upload.errorSummary')} items={upload.items} />}
        <Field id={fileId} label={t('accounts.upload.file')}>
          {(control) => (
            <div className="org-file">
              <input {...control} key={upload.inputKey} type="file" disabled={upload.busy} className="visually-hidden" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => upload.choose(e.target.files?.[0] ?? null)} />
              <label htmlFor={control.id} className="button" aria-hidden="true">{t('accounts.upload.choose')}</label>
              <span className="org-file-name">{upload.file ? upload.file.name : t('accounts.upload.none')}</span>
            </div>
          )}
        </Field>
        <p className="actions">
          <SubmitButton busy={upload.busy} label={t('accounts.upload.submit')} busyLabel={t('accounts.upload.sending')} />
        </p>
      </form>
      <RowErrorsTable rows={upload.rows} testId="accounts-upload-errors" />
    </section>
  );
}
