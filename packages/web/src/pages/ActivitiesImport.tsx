/**
 * Bulk entry on the Hoạt động page (issue 20): the kind's template to download, and a filled
 * sheet (.xlsx or .csv) to send. The server checks every row first and keeps all or none: its
 * refusals come back row by row, in the file's numbering; what was kept, or left out as already
 * there, is said in one line.
 */
import { useId } from 'react';
import { formatNumber } from '@giaoban/core';
import { api } from '../api/client.ts';
import { DownloadButton } from '../components/DownloadButton.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { Field } from '../components/Field.tsx';
import { RowErrorsTable } from '../components/RowErrorsTable.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { useSheetUpload } from '../lib/use-sheet-upload.ts';

export function ActivitiesImport({ campaign, unit, kind, kindLabel, onDone }: {
  campaign: string; unit: string; kind: string; kindLabel: string; onDone: (notice: string) => void;
}) {
  const { t } = useLanguage();
  const id = useId();
  const fileId = `${id}-file`;
  const upload = useSheetUpload({
    fileId, noFile: t('activities.import.noFile'), badType: (name) => t('activities.import.badType', { name }),
    send: (file) => api.importActivities(campaign, unit, kind, file),
    onSent: (result) => onDone(t('activities.import.done', { kind: kindLabel, created: formatNumber(result.created, 0), unchanged: formatNumber(result.unchanged, 0) })),
  });

  return (
    <details className="card activities-import" data-testid="activities-import">
      <summary>{t('activities.import.title', { kind: kindLabel })}</summary>
      <p className="field-hint">{t('activities.import.help')}</p>
      <p className="actions">
        <DownloadButton href={api.activitiesTemplateUrl(campaign, unit, kind)} testId="activities-template">{t('activities.import.template')}</DownloadButton>
      </p>
      <form onSubmit={(e) => void upload.submit(e)} noValidate>
        {upload.problem && <ErrorSummary title={t('activities.import.errorSummary')} items={upload.items} />}
        <Field id={fileId} label={t('activities.import.file')}>
          {(control) => (
            <input {...control} key={upload.inputKey} type="file" disabled={upload.busy} accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => upload.choose(e.target.files?.[0] ?? null)} />
          )}
        </Field>
        <p className="actions"><SubmitButton busy={upload.busy} label={t('activities.import.submit')} busyLabel={t('activities.import.sending')} /></p>
      </form>
      <RowErrorsTable rows={upload.rows} testId="activities-import-errors" />
    </details>
  );
}
