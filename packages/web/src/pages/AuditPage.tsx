/**
 * Nhật ký thay đổi (administrators): every recorded change to a figure, a report's state or
 * a target, searched by unit (with or without its subtree), account, campaign and dates,
 * newest first, one page at a time ("Xem thêm"). The log is read-only here as everywhere.
 */
import { useState, type FormEvent } from 'react';
import { formatDate, parseDate } from '@giaoban/core';
import { api, ApiError, NetworkError, type ApiHistoryEntry, type AuditQuery } from '../api/client.ts';
import { Field } from '../components/Field.tsx';
import { HistoryList } from '../components/HistoryList.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { useSession } from '../session.tsx';
import './AuditPage.css';

const PAGE_SIZE = 50;

interface Filters {
  readonly unit: string;
  readonly subtree: boolean;
  readonly user: string;
  readonly campaign: string;
  readonly from: string;
  readonly to: string;
}

const EMPTY: Filters = { unit: '', subtree: false, user: '', campaign: '', from: '', to: '' };

export function AuditPage() {
  const { t } = useLanguage();
  usePageTitle(t('title.audit'));
  const { campaigns } = useSession();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  const [query, setQuery] = useState<AuditQuery | null>(null);
  const [entries, setEntries] = useState<readonly ApiHistoryEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** A date typed dd/mm/yyyy, checked here so the mistake shows next to the field; '' when empty. */
  function readDate(text: string): string | null {
    if (text.trim() === '') return '';
    try {
      return formatDate(parseDate(text.trim()));
    } catch {
      return null;
    }
  }

  async function load(q: AuditQuery, append: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      const page = await api.audit(q);
      setEntries(append ? [...entries, ...page.entries] : page.entries);
      setNext(page.next);
      setQuery(q);
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : error instanceof NetworkError ? t('error.network') : String(error));
    } finally {
      setBusy(false);
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    const from = readDate(filters.from);
    const to = readDate(filters.to);
    const problems: Partial<Record<keyof Filters, string>> = {};
    if (from === null) problems.from = t('common.invalidDate');
    if (to === null) problems.to = t('common.invalidDate');
    setErrors(problems);
    if (from === null || to === null) return;
    if (from !== filters.from || to !== filters.to) setFilters({ ...filters, from, to });
    void load({
      unit: filters.unit.trim() || undefined,
      subtree: filters.unit.trim() && filters.subtree ? 'true' : undefined,
      user: filters.user.trim() || undefined,
      campaign: filters.campaign || undefined,
      from: from || undefined,
      to: to || undefined,
      limit: PAGE_SIZE,
    }, false);
  }

  const field = (name: 'unit' | 'user' | 'from' | 'to', extra: { placeholder?: string; inputMode?: 'numeric' } = {}) => (
    <Field label={t(`audit.filter.${name}`)} error={errors[name]} announce>
      {(control) => (
        <input {...control} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.target.value })} autoComplete="off"
          spellCheck={false} {...extra} />
      )}
    </Field>
  );

  return (
    <div className="audit">
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <p className="muted">{t('audit.intro')}</p>
      </header>

      <form className="card audit-filters" onSubmit={search} noValidate aria-label={t('audit.filters')}>
        {field('unit', { placeholder: t('audit.filter.unitHint') })}
        <label className="checkbox audit-subtree">
          <input type="checkbox" checked={filters.subtree} onChange={(e) => setFilters({ ...filters, subtree: e.target.checked })} />
          <span>{t('audit.filter.subtree')}</span>
        </label>
        {field('user')}
        <Field label={t('audit.filter.campaign')}>
          {(control) => (
            <select {...control} value={filters.campaign} onChange={(e) => setFilters({ ...filters, campaign: e.target.value })}>
              <option value="">{t('audit.filter.allCampaigns')}</option>
              {campaigns.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          )}
        </Field>
        {field('from', { placeholder: t('common.dateHint'), inputMode: 'numeric' })}
        {field('to', { placeholder: t('common.dateHint'), inputMode: 'numeric' })}
        <div className="actions audit-actions">
          <button type="submit" className="button button-primary" disabled={busy}>{t('audit.search')}</button>
          <button type="button" className="button" disabled={busy} onClick={() => { setFilters(EMPTY); setErrors({}); }}>{t('audit.clear')}</button>
        </div>
      </form>

      {failure && <div className="notice notice-error" role="alert"><p>{failure}</p></div>}

      {query && (
        <section aria-labelledby="audit-results" data-testid="audit-results" aria-busy={busy || undefined}>
          <h2 id="audit-results">{t('audit.results', { count: entries.length })}</h2>
          {entries.length === 0 ? <p className="muted">{t('audit.none')}</p> : <HistoryList entries={entries} showPlace />}
          {next !== null && (
            <p>
              <button type="button" className="button" disabled={busy} onClick={() => void load({ ...query, before: next }, true)}>
                {busy ? t('app.loading') : t('audit.more')}
              </button>
            </p>
          )}
        </section>
      )}
    </div>
  );
}
