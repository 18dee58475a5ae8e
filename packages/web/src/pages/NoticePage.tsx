/**
 * Thông báo kết luận, báo cáo tiến độ tuần, báo cáo tổng kết: the conclusion notice of a
 * campaign's phase, a unit's weekly progress report and the campaign's final report share
 * this page (the reports add an annex of the children's figures). The form (number, date,
 * place, bodies, subject, the written sections, recipients, signer, decimals) sits beside a
 * preview laid out like the paper; the figures in it are drafted by the server from the data
 * on every load and save. The campaign's root unit saves the form (a stale save is refused
 * with a way to reload); everyone else who may read the campaign sees the same draft read-only.
 * The .docx is a plain link: the browser sends the session cookie with it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'wouter';
import { formatCount, formatDate } from '@giaoban/core';
import { api, ApiError, type NoticeBody, type NoticeResponse } from '../api/client.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import type { MessageKey } from '../i18n/catalogue.ts';
import { useLanguage } from '../i18n/language.tsx';
import { usePageTitle } from '../lib/use-page-title.ts';
import { paths } from '../lib/routes.ts';
import { formatTimestamp } from '../lib/time.ts';
import { useLoad } from '../lib/use-load.ts';
import { useUnsavedChanges } from '../lib/use-unsaved.ts';
import { useSession } from '../session.tsx';
import './NoticePage.css';

type OfficialDocument = NoticeResponse['document'];
type Block = OfficialDocument['body'][number];
type Run = Extract<Block, { runs: unknown }>['runs'][number];
type NoticeForm = NoticeBody['form'];

/** The form as typed: every field a text, except the decimals. */
interface Draft {
  readonly number: string;
  readonly date: string;
  readonly place: string;
  readonly superiorBody: string;
  readonly issuer: string;
  readonly title: string;
  readonly introduction: string;
  readonly assessment: string;
  readonly limitations: string;
  readonly directions: string;
  readonly closing: string;
  readonly recipients: string;
  readonly signerAuthority: string;
  readonly signerTitle: string;
  readonly signerName: string;
  /** '1' or '2', or '' for the campaign's own precision (nothing saved: a later change of the campaign's applies). */
  readonly precision: string;
  readonly lateOrder: 'code' | 'name';
  /** A progress or final report of one programme (its code), or '' for the campaign whole. */
  readonly programme: string;
}

/** Which document the page drafts. */
export type DocumentKind = 'notice' | 'progress' | 'final';

type TextKey = Exclude<keyof Draft, 'precision' | 'lateOrder' | 'programme'>;
/** Messages by draft key (the server's `form.<field>` without its prefix; the signer's parts on their own inputs). */
type Errors = Partial<Record<TextKey | 'precision' | 'lateOrder', string>>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The saved form, with the document's own values where nothing was saved, so staff edit what they see. */
function draftOf({ form, document }: NoticeResponse): Draft {
  const date = form.date ?? '';
  return {
    number: form.number === undefined ? '' : String(form.number),
    date: ISO_DATE.test(date) ? formatDate(date) : date,
    place: form.place ?? document.dateLine.split(',')[0]?.trim() ?? '',
    superiorBody: form.superiorBody ?? document.superiorBody,
    issuer: form.issuer ?? document.issuer,
    title: form.title ?? document.title,
    introduction: form.introduction ?? '',
    assessment: form.assessment ?? '',
    limitations: form.limitations ?? '',
    directions: form.directions ?? '',
    closing: form.closing ?? '',
    recipients: (form.recipients ?? document.recipients).join('\n'),
    signerAuthority: form.signer?.authority ?? document.signer.authority,
    signerTitle: form.signer?.title ?? document.signer.title,
    signerName: form.signer?.name ?? document.signer.name,
    precision: form.precision === undefined ? '' : String(form.precision),
    lateOrder: form.lateOrder ?? 'code',
    programme: form.programme ?? '',
  };
}

/** What the server keeps: an empty field falls back to the default (today's date, the usual bodies). */
function formOf(draft: Draft, saved: NoticeForm): NoticeForm {
  const text = (value: string) => (value.trim() ? value.trim() : undefined);
  const long = (value: string) => (value.trim() ? value : undefined);
  const signer = { authority: draft.signerAuthority.trim(), title: draft.signerTitle.trim(), name: draft.signerName.trim() };
  return {
    // The number stays as typed, empty included: the notice then shows a blank to fill by hand.
    number: draft.number.trim(),
    ...(saved.documentType !== undefined ? { documentType: saved.documentType } : {}),
    ...(saved.issuerSymbol !== undefined ? { issuerSymbol: saved.issuerSymbol } : {}),
    ...(saved.department !== undefined ? { department: saved.department } : {}),
    date: text(draft.date),
    place: text(draft.place),
    superiorBody: text(draft.superiorBody),
    issuer: text(draft.issuer),
    title: text(draft.title),
    introduction: long(draft.introduction),
    assessment: long(draft.assessment),
    limitations: long(draft.limitations),
    directions: long(draft.directions),
    closing: long(draft.closing),
    recipients: draft.recipients.split('\n').map((line) => line.trim()).filter(Boolean),
    signer: signer.authority || signer.title || signer.name ? signer : undefined,
    precision: draft.precision === '' ? undefined : Number(draft.precision),
    lateOrder: draft.lateOrder,
    ...(draft.programme ? { programme: draft.programme } : {}),
  };
}

/** Each input's label, for the lines of the error summary. */
const LABELS: Readonly<Record<TextKey | 'precision' | 'lateOrder', MessageKey>> = {
  number: 'notice.number', date: 'notice.date', place: 'notice.place', superiorBody: 'notice.superiorBody', issuer: 'notice.issuer',
  title: 'notice.docTitle', introduction: 'notice.introduction', assessment: 'notice.assessment', limitations: 'notice.limitations',
  directions: 'notice.directions', closing: 'notice.closing', recipients: 'notice.recipients', signerAuthority: 'notice.signerAuthority',
  signerTitle: 'notice.signerTitle', signerName: 'notice.signerName', precision: 'notice.precision', lateOrder: 'notice.lateOrder',
};

/** The id of a form input, for the summary's links. */
const inputId = (key: TextKey | 'precision' | 'lateOrder') => `notice-${key}`;

/** 'form.signer.name' → 'signerName', 'form.date' → 'date'; null for a path the form has no input for. */
function errorKey(field: string): TextKey | 'precision' | 'lateOrder' | null {
  const path = field.replace(/^(body\.)?form\./, '');
  const signer = /^signer(?:\.(authority|title|name))?$/.exec(path);
  if (signer) return signer[1] === 'title' ? 'signerTitle' : signer[1] === 'name' ? 'signerName' : 'signerAuthority';
  const key = path.split('.')[0] ?? '';
  const known: readonly string[] = [
    'number', 'date', 'place', 'superiorBody', 'issuer', 'title', 'introduction', 'assessment', 'limitations', 'directions',
    'closing', 'recipients', 'precision', 'lateOrder',
  ];
  return known.includes(key) ? (key as TextKey | 'precision' | 'lateOrder') : null;
}

export function NoticePage({ kind = 'notice' }: { kind?: DocumentKind }) {
  const { campaign = '', phase: phaseText = '', unit = '', week = '' } = useParams<{ campaign: string; phase: string; unit: string; week: string }>();
  const phase = Number(phaseText);
  const { t } = useLanguage();
  const { can } = useSession();
  // Which document is shown: a draft loaded for another one is never edited under this one's name.
  const id = `${kind}/${campaign}/${phaseText}/${unit}/${week}`;
  const loaded = useLoad(async () => {
    const [{ campaign: detail }, setup] = await Promise.all([api.campaign(campaign), kind === 'notice' ? null : api.activitySetup(campaign)]);
    const root = detail.rootUnitCode;
    const notice = kind === 'progress' ? await api.progressReport(campaign, unit, week)
      : kind === 'final' ? await api.finalReport(campaign, root)
        : await api.notice(campaign, root, phase);
    return { campaign: detail, notice, id, programmes: setup?.programmes ?? [] };
  }, [id]);
  usePageTitle(t(kind === 'progress' ? 'title.progressReport' : kind === 'final' ? 'title.finalReport' : 'title.notice', { campaign: loaded.data?.campaign.name ?? campaign }));

  if (loaded.error && loaded.data?.id !== id) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || loaded.data.id !== id) return <Loading />;
  const { campaign: detail, notice, programmes } = loaded.data;
  const root = detail.rootUnitCode;
  // The server decides in the end: a reporter may save its own unit's weekly report only.
  const editable = kind === 'progress' ? can('report.write') : can('campaign.create');
  const files = kind === 'progress'
    ? { docx: api.progressReportDocxUrl(detail.code, unit, week), annex: api.progressReportAnnexUrl(detail.code, unit, week) }
    : { docx: kind === 'final' ? api.finalReportDocxUrl(detail.code, root) : api.noticeDocxUrl(detail.code, root, phase) };
  const save = (body: NoticeBody) => (kind === 'progress' ? api.saveProgressReport(detail.code, unit, week, body)
    : kind === 'final' ? api.saveFinalReport(detail.code, root, body)
      : api.saveNotice(detail.code, root, phase, body));
  const heading = kind === 'progress'
    ? {
        title: t('notice.progressTitle'),
        // The unit by its name and the week by its dates, as the report itself names them.
        subtitle: notice.subject
          ? t('notice.progressSubtitle', {
              campaign: detail.name, unit: notice.subject.unit.name, number: formatCount(notice.subject.week.number),
              start: notice.subject.week.start, end: notice.subject.week.end,
            })
          : '',
      }
    : kind === 'final'
      ? { title: t('notice.finalTitle'), subtitle: t('notice.finalSubtitle', { campaign: detail.name }) }
      : { title: t('notice.title'), subtitle: t('notice.subtitle', { campaign: detail.name, phase }) };
  return (
    <div className="doc-page">
      <header className="page-header">
        <h1>{heading.title}</h1>
        <p className="doc-subtitle">{heading.subtitle}</p>
        <p className="muted doc-intro">{t('notice.intro')}</p>
        {kind !== 'progress' && (
          // The campaign's own documents: each phase's notice and the final report.
          <nav className="doc-kinds" aria-label={t('notice.nav')}>
            {detail.phases.map((p) => (
              <Link key={p.number} href={paths.notice(detail.code, p.number)} aria-current={kind === 'notice' && p.number === phase ? 'page' : undefined}>
                {t('notice.phaseLink', { phase: p.number })}
              </Link>
            ))}
            <Link href={paths.finalReport(detail.code)} aria-current={kind === 'final' ? 'page' : undefined}>{t('notice.finalTitle')}</Link>
          </nav>
        )}
      </header>
      <NoticeEditor
        // A reload (after a conflict) starts again from what the server holds.
        key={`${id}/${notice.version}/${notice.updatedAt ?? ''}`}
        notice={notice}
        editable={editable}
        readOnlyText={kind === 'progress' ? t('notice.readOnlyReport') : t('notice.readOnly')}
        docxUrl={files.docx}
        annexUrl={files.annex}
        campaignPrecision={detail.rules.precision}
        programmes={programmes}
        save={save}
        onReload={loaded.reload}
      />
    </div>
  );
}

function NoticeEditor({ notice: initial, editable, readOnlyText, docxUrl, annexUrl, campaignPrecision, programmes, save, onReload }: {
  notice: NoticeResponse;
  /** The campaign's programmes: a report may be of one of them (none for a notice). */
  programmes: readonly { readonly code: string; readonly name: string }[];
  /** The campaign's precision, which the document follows unless its form chooses one. */
  campaignPrecision: number;
  editable: boolean;
  readOnlyText: string;
  docxUrl: string;
  annexUrl?: string | undefined;
  save: (body: NoticeBody) => Promise<NoticeResponse>;
  onReload: () => void;
}) {
  const { t } = useLanguage();
  const [notice, setNotice] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [errors, setErrors] = useState<Errors>({});
  // A new list for every refusal: the summary at the top of the form takes the focus, each line linked to its input.
  const [summary, setSummary] = useState<readonly ErrorSummaryItem[] | null>(null);
  const [problem, setProblem] = useState<{ message: string; conflict: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  useUnsavedChanges(editable && JSON.stringify(draft) !== JSON.stringify(draftOf(notice)));
  const change = (key: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    setSaved(false);
    try {
      const answer = await save({ form: formOf(draft, notice.form), version: notice.version });
      setNotice(answer);
      setDraft(draftOf(answer));
      setErrors({});
      setSummary(null);
      setProblem(null);
      setSaved(true);
    } catch (error) {
      const next: Errors = {};
      const items: ErrorSummaryItem[] = [];
      if (error instanceof ApiError && error.status !== 409) {
        error.fields.forEach(({ field, message }, index) => {
          const key = errorKey(field);
          if (key) next[key] = message;
          items.push({
            key: `${index}:${field}`,
            text: key ? `${t(LABELS[key])}: ${message}` : message,
            field: key ? () => document.getElementById(inputId(key)) : null,
          });
        });
      }
      setErrors(next);
      setSummary(items.length > 0 ? items : null);
      const conflict = error instanceof ApiError && error.status === 409;
      const message = error instanceof ApiError ? error.message : t('error.network');
      setProblem(items.length === 0 ? { message, conflict } : null);
    } finally {
      setSaving(false);
    }
  }

  const field = (key: TextKey, label: string, options: { multiline?: number; hint?: string; inputMode?: 'numeric' } = {}) => (
    <Field id={inputId(key)} label={label} hint={options.hint} error={errors[key]}>
      {(control) => (options.multiline
        ? <textarea {...control} name={key} rows={options.multiline} value={draft[key]} readOnly={!editable} onChange={(e) => change(key)(e.target.value)} />
        : <input {...control} type="text" name={key} inputMode={options.inputMode} value={draft[key]} readOnly={!editable} onChange={(e) => change(key)(e.target.value)} />)}
    </Field>
  );

  return (
    <div className="doc-layout">
      <form className="card doc-form" onSubmit={(e) => { void onSubmit(e); }} aria-label={t('notice.form')} noValidate>
        {!editable && <p className="notice notice-info">{readOnlyText}</p>}
        {summary && <ErrorSummary title={t('notice.errorSummary', { count: summary.length })} items={summary} />}
        {problem && (
          <div className="notice notice-error" role="alert">
            <p>{problem.message}</p>
            {problem.conflict && (
              <p className="notice-actions"><button type="button" className="button" onClick={onReload}>{t('notice.reload')}</button></p>
            )}
          </div>
        )}
        <div className="doc-form-pair">
          {field('number', t('notice.number'), { hint: t('notice.numberHint') })}
          {field('date', t('notice.date'), { hint: t('notice.dateHint'), inputMode: 'numeric' })}
        </div>
        {field('place', t('notice.place'))}
        {field('superiorBody', t('notice.superiorBody'), { multiline: 2 })}
        {field('issuer', t('notice.issuer'), { multiline: 2 })}
        {field('title', t('notice.docTitle'), { multiline: 3 })}
        {field('introduction', t('notice.introduction'), { multiline: 3, hint: t('notice.textHint') })}
        {field('assessment', t('notice.assessment'), { multiline: 4, hint: t('notice.textHint') })}
        {field('limitations', t('notice.limitations'), { multiline: 3, hint: t('notice.textHint') })}
        {field('directions', t('notice.directions'), { multiline: 5, hint: t('notice.textHint') })}
        {field('closing', t('notice.closing'), { multiline: 2, hint: t('notice.textHint') })}
        {field('recipients', t('notice.recipients'), { multiline: 6, hint: t('notice.recipientsHint') })}
        <fieldset className="doc-signer">
          <legend>{t('notice.signer')}</legend>
          {field('signerAuthority', t('notice.signerAuthority'))}
          {field('signerTitle', t('notice.signerTitle'))}
          {field('signerName', t('notice.signerName'))}
        </fieldset>
        <Field id={inputId('precision')} label={t('notice.precision')} error={errors.precision}>
          {(control) => (
            <select {...control} name="precision" value={String(draft.precision)} disabled={!editable} onChange={(e) => change('precision')(e.target.value)}>
              <option value="">{t('notice.precisionCampaign', { precision: campaignPrecision })}</option>
              {[1, 2].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          )}
        </Field>
        {programmes.length > 0 && (
          <Field id="notice-programme" label={t('notice.programme')} hint={t('notice.programmeHint')}>
            {(control) => (
              // Another programme: the title goes back to the document's own, which names it.
              <select {...control} name="programme" value={draft.programme} disabled={!editable}
                onChange={(e) => { const next = e.target.value; setDraft((d) => ({ ...d, programme: next, title: '' })); setSaved(false); }}>
                <option value="">{t('notice.programmeWhole')}</option>
                {programmes.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field id={inputId('lateOrder')} label={t('notice.lateOrder')} error={errors.lateOrder}>
          {(control) => (
            <select {...control} name="lateOrder" value={draft.lateOrder} disabled={!editable} onChange={(e) => change('lateOrder')(e.target.value)}>
              <option value="code">{t('notice.lateOrderCode')}</option>
              <option value="name">{t('notice.lateOrderName')}</option>
            </select>
          )}
        </Field>
        <p className="muted doc-saved-at">
          {notice.updatedAt
            ? t('notice.lastSaved', { time: formatTimestamp(notice.updatedAt) })
            : t('notice.neverSaved')}
        </p>
        <div className="doc-actions">
          {editable && (
            <button type="submit" className="button button-primary" disabled={saving}>{saving ? t('notice.saving') : t('notice.save')}</button>
          )}
          <DownloadButton href={docxUrl}>{t('notice.download')}</DownloadButton>
          {annexUrl && <DownloadButton href={annexUrl}>{t('notice.downloadAnnex')}</DownloadButton>}
        </div>
        <p role="status" className={saved ? 'notice notice-ok doc-status' : 'doc-status'}>{saved ? t('notice.saved') : ''}</p>
      </form>
      <section className="doc-preview" aria-label={t('notice.preview')}>
        <NoticePaper document={notice.document} />
      </section>
    </div>
  );
}

const lines = (text: string) => text.split('\n').map((line, i) => <span key={i} className="doc-line">{line}</span>);

/** The notice as it prints: the header in two columns, the body, the notes, recipients and signer. */
function NoticePaper({ document: d }: { document: OfficialDocument }) {
  const { t } = useLanguage();
  // Footnotes are numbered through the whole document, in reading order.
  const notes: string[] = [];
  const runs = (items: readonly Run[]) => items.map((run, i) => {
    let node: ReactNode = run.text;
    if (run.italic) node = <em>{node}</em>;
    if (run.bold) node = <strong>{node}</strong>;
    if (run.footnote) {
      notes.push(run.footnote);
      node = <>{node}<sup className="doc-noteref">{notes.length}</sup></>;
    }
    return <span key={i}>{node}</span>;
  });
  const blocks = (items: readonly Block[]) => items.map((block, i) => {
    if (block.kind === 'heading') return <p key={i} className="doc-heading"><strong>{block.text}</strong></p>;
    if (block.kind === 'bullet') return <p key={i} className="doc-paragraph">- {runs(block.runs)}</p>;
    if (block.kind === 'table') return <DocTable key={i} table={block} />;
    return <p key={i} className="doc-paragraph">{runs(block.runs)}</p>;
  });
  const body = blocks(d.body);
  return (
    <article className="doc-paper" data-testid="notice-preview" lang="vi">
      <div className="doc-header">
        <div className="doc-header-left">
          {d.superiorBody && <p className="doc-center">{lines(d.superiorBody)}</p>}
          <p className="doc-center"><strong>{lines(d.issuer)}</strong></p>
          <p className="doc-center">***</p>
          <p className="doc-center">{d.number}</p>
        </div>
        <div className="doc-header-right">
          <p className="doc-center"><strong className="doc-underline">{t('notice.union')}</strong></p>
          <p className="doc-center"><em>{d.dateLine}</em></p>
        </div>
      </div>
      <p className="doc-center doc-kind"><strong>{d.kind}</strong></p>
      <p className="doc-center doc-title"><strong>{lines(d.title)}</strong></p>
      <p className="doc-center">-----</p>
      {body}
      {notes.length > 0 && (
        <aside className="doc-notes" aria-label={t('notice.footnotes')}>
          <hr />
          <ol>{notes.map((note, i) => <li key={i}>{note}</li>)}</ol>
        </aside>
      )}
      <div className="doc-footer">
        <div className="doc-recipients">
          <p><strong><em>{t('notice.recipientsLabel')}</em></strong></p>
          <ul>{d.recipients.map((r, i) => <li key={i}>- {r}</li>)}</ul>
        </div>
        <div className="doc-signer-block">
          <p className="doc-center"><strong>{lines(d.signer.authority)}</strong></p>
          <p className="doc-center"><strong>{lines(d.signer.title)}</strong></p>
          <p className="doc-center doc-signature" aria-hidden="true" />
          <p className="doc-center"><strong>{d.signer.name}</strong></p>
        </div>
      </div>
      {d.annexes?.map((annex, i) => (
        // An annex runs to pages of tables: folded until asked for, printed on its own pages in the .docx.
        <details key={i} className="doc-annex" data-testid="annex">
          <summary className="doc-center"><strong>{annex.title}</strong></summary>
          {annex.subtitle && <p className="doc-center"><em>{lines(annex.subtitle)}</em></p>}
          {blocks(annex.body)}
        </details>
      ))}
    </article>
  );
}

type TableBlock = Extract<Block, { kind: 'table' }>;

/** A table of the document: the header rows with their spans, the figures to the right, a total row in bold. */
function DocTable({ table }: { table: TableBlock }) {
  return (
    <div className="doc-table-wrap">
      <table className="doc-table">
        {table.caption && <caption>{table.caption}</caption>}
        <thead>
          {table.header.map((row, r) => (
            <tr key={r}>{row.map((c, k) => <th key={k} scope="col" colSpan={c.colSpan} rowSpan={c.rowSpan}>{c.text}</th>)}</tr>
          ))}
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} className={row.bold ? 'doc-table-total' : undefined}>
              {row.cells.map((cell, k) => <td key={k} className={`doc-align-${table.align[k] ?? 'left'}`}>{cell}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
