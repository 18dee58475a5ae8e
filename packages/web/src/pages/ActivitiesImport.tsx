/**
 * Bulk entry on the Hoạt động page (issue 20): the kind's template to download, and a filled
 * sheet (.xlsx or .csv) to send. The server checks every row first and keeps all or none: its
 * refusals come back row by row, in the file's numbering; what was kept, or left out as already
 * there, is said in one line.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { formatNumber } from '@giaoban/core';
import { ApiError, api, type RowError } from '../api/client.ts';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { RowErrorsTable } from '../components/RowErrorsTable.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { messageOf } from '../lib/form-problems.ts';

export function ActivitiesImport({ campaign, unit, kind, kindLabel, onDone }: {
  campaign: string; unit: string; kind: string; kindLabel: string; onDone: (notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const fileId = `${id}-file`;
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [rows, setRows] = useState<readonly RowError[]>([]);
  const items = useMemo(() => (problem ? [{ key: 'import', text: problem, field: () => document.getElementById(fileId) }] : []), [problem, fileId]);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setRows([]);
    if (!file) return setProblem(t('activities.import.noFile'));
    if (!/\.(xlsx|csv)$/i.test(file.name)) return setProblem(t('activities.import.badType', { name: file.name }));
    setBusy(true);
    setProblem(null);
    try {
      const result = await api.importActivities(campaign, unit, kind, file);
      setFile(null);
      setInputKey((k) => k + 1);
      onDone(t('activities.import.done', { kind: kindLabel, created: formatNumber(result.created, 0), unchanged: formatNumber(result.unchanged, 0) }));
    } catch (error) {
      setProblem(messageOf(error, t));
      setRows(error instanceof ApiError ? error.rowErrors : []);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card activities-import" data-testid="activities-import">
      <summary>{t('activities.import.title', { kind: kindLabel })}</summary>
      <p className="field-hint">{t('activities.import.help')}</p>
      <p className="actions">
        <DownloadButton href={api.activitiesTemplateUrl(campaign, unit, kind)} testId="activities-template">{t('activities.import.template')}</DownloadButton>
      </p>
      <form onSubmit={(e) => void send(e)} noValidate>
        {problem && <ErrorSummary title={t('activities.import.errorSummary')} items={items} />}
        <Field id={fileId} label={t('activities.import.file')}>
          {(control) => (
            <input {...control} key={inputKey} type="file" disabled={busy} accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => { setFile(e.target.files?.[0] ?? null); setProblem(null); setRows([]); }} />
          )}
        </Field>
        <p className="actions"><SubmitButton busy={busy} label={t('activities.import.submit')} busyLabel={t('activities.import.sending')} /></p>
      </form>
      <RowErrorsTable rows={rows} testId="activities-import-errors" />
    </details>
  );
}
